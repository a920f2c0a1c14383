package io.backstop.support;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * Every kind of error the API answers, as the {@code type} of its RFC 9457 problem: one table, so a client can act
 * on the kind without parsing the detail, and docs/problems.md has one section per entry (its anchor is the
 * {@link #slug()}; ProblemTypeTest keeps the two in step).
 *
 * <p>The first kind declared for a status is that status's default ({@link #of(int)}): it is what an error from
 * Spring or a servlet container, which knows only a status, is reported as.
 */
public enum ProblemType {
    VALIDATION("validation", "Invalid request", HttpStatus.BAD_REQUEST),
    MALFORMED_REQUEST("malformed-request", "Malformed request", HttpStatus.BAD_REQUEST),
    UNKNOWN_PARAMETER("unknown-parameter", "Unknown query parameter", HttpStatus.BAD_REQUEST),
    UNAUTHENTICATED("unauthenticated", "Authentication required", HttpStatus.UNAUTHORIZED),
    FORBIDDEN("forbidden", "Forbidden", HttpStatus.FORBIDDEN),
    CSRF("csrf", "Missing or invalid CSRF token", HttpStatus.FORBIDDEN),
    CROSS_ORIGIN("cross-origin", "Cross-origin request refused", HttpStatus.FORBIDDEN),
    NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", HttpStatus.NOT_ACCEPTABLE),
    BODY_TIMEOUT("body-timeout", "Request body too slow", HttpStatus.REQUEST_TIMEOUT),
    CONFLICT("conflict", "Conflict", HttpStatus.CONFLICT),
    VERSION_CONFLICT("version-conflict", "Version conflict", HttpStatus.CONFLICT),
    BODY_TOO_LARGE("body-too-large", "Request body too large", HttpStatus.CONTENT_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    UNPROCESSABLE("unprocessable", "Cannot be carried out", HttpStatus.UNPROCESSABLE_CONTENT),
    LOCKED("locked", "Locked by a running operation", HttpStatus.LOCKED),
    THROTTLED("throttled", "Too many requests", HttpStatus.TOO_MANY_REQUESTS),
    /** A 4xx no other kind names (a request line or header over the web server's limits, say). */
    REFUSED("refused", "Request refused", HttpStatus.BAD_REQUEST),
    INTERNAL("internal", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR),
    UPSTREAM_FAILED("upstream-failed", "A service behind this one failed", HttpStatus.BAD_GATEWAY),
    UNAVAILABLE("unavailable", "Temporarily unavailable", HttpStatus.SERVICE_UNAVAILABLE),
    UPSTREAM_TIMEOUT(
            "upstream-timeout", "A service behind this one did not answer in time", HttpStatus.GATEWAY_TIMEOUT);

    /** Where docs/problems.md is published; each type's URI is this plus its slug, each a section there. */
    public static final String BASE = "https://backstop.dev/problems/";

    private final String slug;
    private final String title;
    private final HttpStatus status;

    ProblemType(String slug, String title, HttpStatus status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String slug() {
        return slug;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public String title() {
        return title;
    }

    /** The status this kind is answered with. */
    public HttpStatus status() {
        return status;
    }

    /** The default kind for a status that came without one: the first declared with it, else refused or internal. */
    public static ProblemType of(int status) {
        for (ProblemType type : values()) {
            if (type.status.value() == status) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : REFUSED;
    }
}
