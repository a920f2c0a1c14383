package io.backstop.gateway.web;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.InvalidPropertyException;
import io.backstop.gateway.ops.OpsEvents;
import io.backstop.gateway.security.LoginThrottle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.BindException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Errors of the gateway's own endpoints as problem details; proxied responses pass through untouched. */
@RestControllerAdvice
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class ErrorAdvice {

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> authenticationFailed(AuthenticationException failure, HttpServletRequest request) {
        if (failure instanceof LoginThrottle.Throttled throttled) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header("Retry-After", Long.toString(throttled.retryAfterSeconds()))
                    .body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, throttled.getMessage(), request));
        }
        String detail = failure instanceof BadCredentialsException ? "Wrong user name or password."
                : "Login failed: " + failure.getMessage();
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Problems.of(HttpStatus.UNAUTHORIZED, detail, request));
    }

    /** A body cut off by {@link BodySizeLimit} while a controller of ours (POST /login) was reading it. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException unreadable, HttpServletRequest request) {
        for (Throwable t = unreadable; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimit.Refused refused) {
                return Problems.of(refused.status(), refused.getMessage(), request);
            }
        }
        return Problems.of(HttpStatus.BAD_REQUEST, "Failed to read request: send a JSON object.", request);
    }

    @ExceptionHandler(OpsEvents.TooManyStreams.class)
    ProblemDetail tooManyStreams(OpsEvents.TooManyStreams tooMany, HttpServletRequest request) {
        return Problems.of(HttpStatus.TOO_MANY_REQUESTS, tooMany.getMessage(), request);
    }

    /** A form field named like {@code password[$ne]} is read as an indexed property of the login record. */
    @ExceptionHandler(InvalidPropertyException.class)
    ProblemDetail unknownField(InvalidPropertyException invalid, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Unknown field '" + invalid.getPropertyName()
                + "': send only username and password.", request);
        problem.setProperty("errors", List.of(Map.of("field", invalid.getPropertyName(), "message", "is not a field of this form")));
        return problem;
    }

    @ExceptionHandler(BindException.class)
    ProblemDetail invalid(BindException invalid, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Some fields are invalid; see errors.", request);
        List<Map<String, String>> errors = invalid.getFieldErrors().stream()
                .map(e -> Map.of("field", e.getField(), "message", String.valueOf(e.getDefaultMessage())))
                .toList();
        problem.setProperty("errors", errors);
        return problem;
    }
}
