package io.backstop.bench.badinput;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * One bad request. {@code acceptable2xx} is null where only a 4xx is right; for a read whose parameter is free
 * text (a name search, a user name), a 2xx is right too, provided the answer shows the input was taken literally
 * (the predicate, e.g. "no items": an interpreted {@code {"$gt": ""}} would have matched everything).
 */
public record BadCase(
        String endpoint,
        Category category,
        String description,
        String method,
        String path,
        String contentType,
        byte[] body,
        Predicate<RawHttp.Answer> acceptable2xx) {

    public enum Category {
        MALFORMED_JSON,
        WRONG_TYPE,
        MISSING_FIELD,
        OVERSIZED,
        INJECTION,
        TRAVERSAL,
        UNICODE
    }

    static BadCase json(
            String endpoint, Category category, String description, String method, String path, String body) {
        return new BadCase(
                endpoint,
                category,
                description,
                method,
                path,
                "application/json",
                body.getBytes(StandardCharsets.UTF_8),
                null);
    }

    static BadCase raw(
            String endpoint,
            Category category,
            String description,
            String method,
            String path,
            String contentType,
            byte[] body) {
        return new BadCase(endpoint, category, description, method, path, contentType, body, null);
    }

    static BadCase noBody(String endpoint, Category category, String description, String method, String path) {
        return new BadCase(endpoint, category, description, method, path, null, null, null);
    }

    BadCase allowing2xx(Predicate<RawHttp.Answer> check) {
        return new BadCase(endpoint, category, description, method, path, contentType, body, check);
    }

    @Override
    public String toString() {
        return category + " " + description + " (" + method + " " + abbreviate(path) + ")";
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
