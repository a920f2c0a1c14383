package io.backstop.gateway.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import io.backstop.contracts.HeaderText;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

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
                String text = HeaderText.read(name, Collections.list(request.getHeaders(name)),
                        Collections.list(request.getHeaders(HeaderText.extended(name))));
                if (text != null) {
                    forwarded.put(HeaderText.extended(name).toLowerCase(Locale.ROOT), HeaderText.encodeExtended(text));
                }
            }
            catch (HeaderText.MalformedHeaderException e) {
                Problems.write(request, response, HttpStatus.BAD_REQUEST, e.getMessage());
                return;
            }
        }
        chain.doFilter(forwarded.isEmpty() ? request : new Encoded(request, forwarded), response);
    }

    /** The request with each free-text header only in its RFC 8187 form. */
    private static final class Encoded extends HttpServletRequestWrapper {

        private final Map<String, String> forwarded;

        Encoded(HttpServletRequest request, Map<String, String> forwarded) {
            super(request);
            this.forwarded = forwarded;
        }

        private static boolean freeText(String name) {
            return HeaderText.FREE_TEXT.stream().anyMatch(n -> n.equalsIgnoreCase(name)
                    || HeaderText.extended(n).equalsIgnoreCase(name));
        }

        @Override
        public String getHeader(String name) {
            return freeText(name) ? forwarded.get(name.toLowerCase(Locale.ROOT)) : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (!freeText(name)) {
                return super.getHeaders(name);
            }
            String value = forwarded.get(name.toLowerCase(Locale.ROOT));
            return Collections.enumeration(value == null ? List.of() : List.of(value));
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (String name : Collections.list(super.getHeaderNames())) {
                if (!freeText(name)) {
                    names.add(name);
                }
            }
            HeaderText.FREE_TEXT.stream().map(HeaderText::extended)
                    .filter(n -> forwarded.containsKey(n.toLowerCase(Locale.ROOT))).forEach(names::add);
            return Collections.enumeration(names);
        }
    }
}
