package io.backstop.gateway.web;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import io.backstop.contracts.FreeTextRequest;
import io.backstop.contracts.HeaderText;
import io.backstop.support.ProblemType;
import io.backstop.support.Problems;

/**
 * Forwards every free-text header ({@link HeaderText#FREE_TEXT}) in its RFC 8187 form, whichever form the client
 * sent: {@code X-Change-Reason: Prüfstand ✓} as raw UTF-8 reaches the service as
 * {@code X-Change-Reason*: UTF-8''Pr%C3%BCfstand%20%E2%9C%93}. Only ASCII survives the hop to a service (the JDK
 * client the proxy uses writes header values as ASCII, so Latin-1 became {@code Pr?fstand}), and the service reads
 * this form back exactly. Runs ahead of Spring Security, whose firewall would refuse raw UTF-8 bytes as C1
 * control characters. A header that cannot be read is a 400 naming it; whether the text is acceptable is the
 * service's call.
 */
public final class FreeTextHeaders extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, String> forwarded = new LinkedHashMap<>();
        for (String name : HeaderText.FREE_TEXT) {
            try {
                String text = HeaderText.read(
                        name,
                        Collections.list(request.getHeaders(name)),
                        Collections.list(request.getHeaders(HeaderText.extended(name))));
                if (text != null) {
                    forwarded.put(HeaderText.extended(name), HeaderText.encodeExtended(text));
                }
            } catch (HeaderText.MalformedHeaderException e) {
                Problems.write(request, response, ProblemType.MALFORMED_REQUEST, e.getMessage());
                return;
            }
        }
        chain.doFilter(forwarded.isEmpty() ? request : new FreeTextRequest(request, forwarded), response);
    }
}
