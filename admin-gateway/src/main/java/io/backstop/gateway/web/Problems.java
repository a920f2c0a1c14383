package io.backstop.gateway.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.backstop.contracts.Json;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem details, written directly by filters and security handlers, which run before Spring MVC's
 * advice can.
 */
public final class Problems {

    private Problems() {
    }

    /** The members every problem of ours has, in RFC 9457's order; no {@code instance} when it is null. */
    static Map<String, Object> body(int status, String title, String detail, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        return body;
    }

    public static ProblemDetail of(HttpStatus status, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        return problem;
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String detail) throws IOException {
        write(request, response, status, detail, Map.of());
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String detail, Map<String, ?> extra) throws IOException {
        Map<String, Object> body = body(status.value(), status.getReasonPhrase(), detail, request.getRequestURI());
        body.putAll(extra);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(Json.write(body));
    }
}
