package io.backstop.support;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import io.backstop.contracts.FreeTextRequest;
import io.backstop.contracts.HeaderText;

/**
 * Decodes every free-text header ({@link HeaderText#FREE_TEXT}) once, before Spring Security's firewall and the
 * controllers see it: whichever form was sent, the request shows the text under the plain name and hides the
 * {@code *} form, so a controller's {@code @RequestHeader} gets exactly what the user typed. Runs ahead of the
 * firewall because raw UTF-8 bytes look like C1 control characters to it (✓ is E2 9C 93) and it refuses those.
 * A header that cannot be read, or whose text would not be accepted in a request body ({@link StrictText}), is a
 * 400 naming it.
 */
final class FreeTextHeaderFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, String> decoded = new LinkedHashMap<>();
        for (String name : HeaderText.FREE_TEXT) {
            String text;
            try {
                text = HeaderText.read(name, values(request, name), values(request, HeaderText.extended(name)));
            } catch (HeaderText.MalformedHeaderException e) {
                Problems.write(request, response, ProblemType.MALFORMED_REQUEST, e.getMessage());
                return;
            }
            if (text == null) {
                continue;
            }
            String problem = StrictText.problem(text);
            if (problem != null) {
                Problems.write(
                        request,
                        response,
                        ProblemType.MALFORMED_REQUEST,
                        "Header " + name + " " + problem + "; remove it.");
                return;
            }
            decoded.put(name, text);
        }
        chain.doFilter(decoded.isEmpty() ? request : new FreeTextRequest(request, decoded), response);
    }

    private static List<String> values(HttpServletRequest request, String name) {
        return Collections.list(request.getHeaders(name));
    }
}
