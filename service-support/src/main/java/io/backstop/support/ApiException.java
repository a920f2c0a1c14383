package io.backstop.support;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A client error with the status it deserves and a detail that tells the caller how to fix the request.
 * Mapped to RFC 9457 problem details in one place, {@link ProblemDetailsAdvice}.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final List<FieldError> errors;
    private final Map<String, Object> properties;

    public ApiException(HttpStatus status, String detail) {
        this(status, detail, List.of());
    }

    public ApiException(HttpStatus status, String detail, List<FieldError> errors) {
        this(status, detail, errors, Map.of());
    }

    /** @param properties extra members of the problem, for clients that act on them rather than read the detail */
    public ApiException(HttpStatus status, String detail, List<FieldError> errors, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.properties = Map.copyOf(properties);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail);
    }

    public static ApiException invalid(List<FieldError> errors) {
        return new ApiException(HttpStatus.BAD_REQUEST, "The request has invalid fields: " + errors.stream()
                .map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""), errors);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, detail);
    }

    public static ApiException locked(String detail) {
        return new ApiException(HttpStatus.LOCKED, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    /** One invalid field: {@code field} is a JSON path such as {@code stages[1].powerHp}. */
    public record FieldError(String field, String message) {
    }
}
