package io.backstop.support;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A client error of a {@link ProblemType kind}, with a detail that tells the caller how to fix the request.
 * Mapped to RFC 9457 problem details in one place, {@link ProblemDetailsAdvice}.
 */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final HttpStatus status;
    private final List<FieldError> errors;
    private final Map<String, Object> properties;

    public ApiException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ApiException(ProblemType type, String detail, List<FieldError> errors) {
        this(type, detail, errors, Map.of());
    }

    /** @param properties extra members of the problem, for clients that act on them rather than read the detail */
    public ApiException(ProblemType type, String detail, List<FieldError> errors, Map<String, Object> properties) {
        this(type, type.status(), detail, errors, properties);
    }

    /** The status's default kind ({@link ProblemType#of(int)}); name the kind instead where one fits better. */
    public ApiException(HttpStatus status, String detail) {
        this(status, detail, List.of());
    }

    public ApiException(HttpStatus status, String detail, List<FieldError> errors) {
        this(status, detail, errors, Map.of());
    }

    public ApiException(HttpStatus status, String detail, List<FieldError> errors, Map<String, Object> properties) {
        this(ProblemType.of(status.value()), status, detail, errors, properties);
    }

    private ApiException(
            ProblemType type,
            HttpStatus status,
            String detail,
            List<FieldError> errors,
            Map<String, Object> properties) {
        super(detail);
        this.type = type;
        this.status = status;
        this.errors = List.copyOf(errors);
        this.properties = Map.copyOf(properties);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(ProblemType.VALIDATION, detail);
    }

    public static ApiException invalid(List<FieldError> errors) {
        return new ApiException(
                ProblemType.VALIDATION,
                "The request has invalid fields: "
                        + errors.stream()
                                .map(e -> e.field() + " " + e.message())
                                .reduce((a, b) -> a + "; " + b)
                                .orElse(""),
                errors);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(ProblemType.NOT_FOUND, detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(ProblemType.CONFLICT, detail);
    }

    /** The resource changed since the caller read it; the detail says which version it is at now. */
    public static ApiException versionConflict(String detail) {
        return new ApiException(ProblemType.VERSION_CONFLICT, detail);
    }

    public static ApiException locked(String detail) {
        return new ApiException(ProblemType.LOCKED, detail);
    }

    public ProblemType type() {
        return type;
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
    public record FieldError(String field, String message) {}
}
