package io.backstop.support;

import java.util.ArrayList;
import java.util.List;
import jakarta.validation.ConstraintViolationException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every client error of a back-end service becomes an RFC 9457 problem whose {@code detail} says how to fix the
 * request, with {@code errors: [{field, message}]} for invalid fields. Nothing internal leaks: unexpected
 * failures answer 500 with the request id only, and the stack trace goes to the log.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        ResponseEntity<ProblemDetail> response = problem(e.type(), e.status(), e.getMessage(), e.errors());
        e.properties().forEach(response.getBody()::setProperty);
        return response;
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e) {
        List<ApiException.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new ApiException.FieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return problem(ProblemType.VALIDATION, "The request has invalid parameters.", errors);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null
                ? "another type"
                : e.getRequiredType().getSimpleName();
        return problem(
                ProblemType.VALIDATION,
                "Parameter '" + e.getName() + "' must be of type " + expected + ".",
                List.of(new ApiException.FieldError(e.getName(), "must be of type " + expected)));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        return problem(ProblemType.FORBIDDEN, "Your role does not allow this request.", List.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return problem(
                ProblemType.INTERNAL,
                "An unexpected error occurred; quote request id " + CurrentUser.requestId() + " when reporting it.",
                List.of());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        e.getBindingResult()
                .getFieldErrors()
                .forEach(f -> errors.add(new ApiException.FieldError(f.getField(), f.getDefaultMessage())));
        e.getBindingResult()
                .getGlobalErrors()
                .forEach(g -> errors.add(new ApiException.FieldError(g.getObjectName(), g.getDefaultMessage())));
        return widen(problem(ProblemType.VALIDATION, "The request body has invalid fields.", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(r -> {
            String name = r.getMethodParameter().getParameterName();
            if (r instanceof ParameterErrors pe) {
                pe.getFieldErrors()
                        .forEach(f -> errors.add(new ApiException.FieldError(f.getField(), f.getDefaultMessage())));
            } else {
                r.getResolvableErrors()
                        .forEach(err -> errors.add(new ApiException.FieldError(name, err.getDefaultMessage())));
            }
        });
        return widen(problem(ProblemType.VALIDATION, "The request has invalid parameters.", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimitFilter.Refused refused) {
                return widen(problem(refused.type(), refused.getMessage(), List.of()));
            }
            if (t instanceof UnrecognizedPropertyException u) {
                String field = path(u);
                return widen(problem(
                        ProblemType.VALIDATION,
                        "Unknown field '" + field + "'; remove it.",
                        List.of(new ApiException.FieldError(field, "is not a known field"))));
            }
            if (t instanceof InvalidFormatException f
                    && f.getTargetType() == String.class
                    && !f.getPath().isEmpty()) {
                String field = path(f);
                return widen(problem(
                        ProblemType.VALIDATION,
                        "Field '" + field + "' " + f.getOriginalMessage() + "; remove it.",
                        List.of(new ApiException.FieldError(field, f.getOriginalMessage()))));
            }
            if (t instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
                String field = path(m);
                String expected = m.getTargetType() == null
                        ? "another type"
                        : m.getTargetType().getSimpleName();
                return widen(problem(
                        ProblemType.VALIDATION,
                        "Field '" + field + "' has the wrong type; expected " + expected + ".",
                        List.of(new ApiException.FieldError(field, "must be of type " + expected))));
            }
        }
        Throwable root = e.getMostSpecificCause();
        String why = root instanceof JacksonException je ? je.getOriginalMessage() : "the body is missing or not JSON";
        return widen(problem(ProblemType.MALFORMED_REQUEST, "Malformed JSON: " + why + ".", List.of()));
    }

    private static String path(tools.jackson.databind.DatabindException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String leaf(String propertyPath) {
        int dot = propertyPath.indexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    /**
     * Spring MVC's own handlers (405, 406, 415, a missing parameter, no such resource) know only a status: their
     * problems get the kind it stands for and the request id here, like every other.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return super.createResponseEntity(
                body instanceof ProblemDetail p ? Problems.complete(p) : body, headers, status, request);
    }

    private static ResponseEntity<ProblemDetail> problem(
            ProblemType type, String detail, List<ApiException.FieldError> errors) {
        return problem(type, type.status(), detail, errors);
    }

    static ResponseEntity<ProblemDetail> problem(
            ProblemType type, HttpStatusCode status, String detail, List<ApiException.FieldError> errors) {
        ProblemDetail body = Problems.of(type, status, detail, currentPath());
        if (!errors.isEmpty()) {
            body.setProperty("errors", errors);
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    private static String currentPath() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest().getRequestURI()
                : null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> widen(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }
}
