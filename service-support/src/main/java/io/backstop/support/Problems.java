package io.backstop.support;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.backstop.contracts.Json;

/**
 * The one way every problem of the API is made, by the services and the gateway alike, whether an advice returns
 * it or a filter, a security handler or the web server writes it directly: the {@link ProblemType}'s {@code type}
 * URI and title, {@code status}, {@code detail}, {@code instance} and the {@code requestId} to quote.
 */
public final class Problems {

    private Problems() {}

    /** A problem of {@code type}, answered with the kind's own status. */
    public static ProblemDetail of(ProblemType type, String detail, HttpServletRequest request) {
        ProblemDetail problem = of(type, type.status(), detail, request == null ? null : request.getRequestURI());
        if (request != null && request.getAttribute(RequestIdFilter.ATTRIBUTE) instanceof String id) {
            problem.setProperty("requestId", id);
        }
        return problem;
    }

    /** @param instance the request's path; left out when it is null or not a URI */
    public static ProblemDetail of(ProblemType type, HttpStatusCode status, String detail, String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        problem.setInstance(uri(instance));
        problem.setProperty("requestId", requestId());
        return problem;
    }

    /**
     * Gives a problem made elsewhere (Spring MVC's own handlers, which know only a status) the kind its status
     * stands for and the request id, so no problem leaves without them.
     */
    public static ProblemDetail complete(ProblemDetail problem) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            ProblemType type = ProblemType.of(problem.getStatus());
            problem.setType(type.uri());
            problem.setTitle(type.title());
        }
        if (problem.getProperties() == null || !problem.getProperties().containsKey("requestId")) {
            problem.setProperty("requestId", requestId());
        }
        return problem;
    }

    /** For code that writes the response itself (filters and security handlers run before Spring MVC's advice). */
    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail)
            throws IOException {
        write(request, response, type, detail, Map.of());
    }

    /** @param extra more members, for clients that act on them rather than read the detail */
    public static void write(
            HttpServletRequest request,
            HttpServletResponse response,
            ProblemType type,
            String detail,
            Map<String, ?> extra)
            throws IOException {
        ProblemDetail problem = of(type, detail, request);
        extra.forEach(problem::setProperty);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(Json.write(members(problem)));
    }

    /** The problem as JSON members in RFC 9457's order, for writers without Spring's message converters. */
    public static Map<String, Object> members(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    /**
     * The id {@link RequestIdFilter} gave this request (in the log context while its filters run, on the request for
     * an error dispatch after them), or a fresh one where no request got that far (the web server refusing a
     * malformed request line): the client can still quote it, and the writer logs it.
     */
    public static String requestId() {
        String id = MDC.get(RequestIdFilter.MDC_KEY);
        if (id == null
                && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes current
                && current.getRequest().getAttribute(RequestIdFilter.ATTRIBUTE) instanceof String onRequest) {
            id = onRequest;
        }
        return id == null ? UUID.randomUUID().toString() : id;
    }

    private static URI uri(String path) {
        if (path == null) {
            return null;
        }
        try {
            // a path Tomcat let through can still hold characters a URI may not (a stray %): those are left out
            return new URI(path.replaceAll("[^A-Za-z0-9/._~%:@!$&'()*+,;=-]", ""));
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
