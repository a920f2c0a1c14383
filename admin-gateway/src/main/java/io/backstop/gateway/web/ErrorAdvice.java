package io.backstop.gateway.web;

import java.util.List;
import java.util.Map;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.InvalidPropertyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.BindException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.backstop.gateway.ops.OpsEvents;
import io.backstop.gateway.security.LoginThrottle;
import io.backstop.support.BodySizeLimitFilter;
import io.backstop.support.ProblemType;
import io.backstop.support.Problems;

/**
 * Errors of the gateway's own endpoints as problem details; proxied responses pass through untouched. Spring MVC's
 * own errors (405, 406, 415, a {@code ResponseStatusException}) come through {@link #createResponseEntity}, which
 * gives them their kind and the request id like every other problem.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ErrorAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> authenticationFailed(AuthenticationException failure, HttpServletRequest request) {
        if (failure instanceof LoginThrottle.Throttled throttled) {
            return ResponseEntity.status(ProblemType.THROTTLED.status())
                    .header("Retry-After", Long.toString(throttled.retryAfterSeconds()))
                    .body(Problems.of(ProblemType.THROTTLED, throttled.getMessage(), request));
        }
        String detail = failure instanceof BadCredentialsException
                ? "Wrong user name or password."
                : "Login failed: " + failure.getMessage();
        return ResponseEntity.status(ProblemType.UNAUTHENTICATED.status())
                .body(Problems.of(ProblemType.UNAUTHENTICATED, detail, request));
    }

    /** A body cut off by {@link BodySizeLimitFilter} while a controller of ours (POST /login) was reading it. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException unreadable,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        for (Throwable t = unreadable; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimitFilter.Refused refused) {
                return answer(Problems.of(refused.type(), refused.getMessage(), servlet(request)));
            }
        }
        return answer(Problems.of(
                ProblemType.MALFORMED_REQUEST, "Failed to read request: send a JSON object.", servlet(request)));
    }

    @ExceptionHandler(OpsEvents.TooManyStreams.class)
    ResponseEntity<ProblemDetail> tooManyStreams(OpsEvents.TooManyStreams tooMany, HttpServletRequest request) {
        return ResponseEntity.status(ProblemType.THROTTLED.status())
                .body(Problems.of(ProblemType.THROTTLED, tooMany.getMessage(), request));
    }

    /** A form field named like {@code password[$ne]} is read as an indexed property of the login record. */
    @ExceptionHandler(InvalidPropertyException.class)
    ProblemDetail unknownField(InvalidPropertyException invalid, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(
                ProblemType.VALIDATION,
                "Unknown field '" + invalid.getPropertyName() + "': send only username and password.",
                request);
        problem.setProperty(
                "errors",
                List.of(Map.of("field", invalid.getPropertyName(), "message", "is not a field of this form")));
        return problem;
    }

    @ExceptionHandler(BindException.class)
    ProblemDetail invalid(BindException invalid, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(ProblemType.VALIDATION, "Some fields are invalid; see errors.", request);
        List<Map<String, String>> errors = invalid.getFieldErrors().stream()
                .map(e -> Map.of("field", e.getField(), "message", String.valueOf(e.getDefaultMessage())))
                .toList();
        problem.setProperty("errors", errors);
        return problem;
    }

    /** The login form's {@code @Valid} record: the same answer as any other binding failure. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException invalid, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return answer(invalid(invalid, servlet(request)));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return super.createResponseEntity(
                body instanceof ProblemDetail p ? Problems.complete(p) : body, headers, status, request);
    }

    private static ResponseEntity<Object> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static HttpServletRequest servlet(WebRequest request) {
        return ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
    }
}
