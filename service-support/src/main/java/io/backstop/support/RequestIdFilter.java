package io.backstop.support;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Carries {@code X-Request-Id} into the log context and back to the caller, and writes one access-log line per
 * request ({@value #ACCESS_LOG}) with it. An id that does not look like one is replaced rather than trusted: it
 * ends up in log lines and audit entries.
 */
public final class RequestIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    /** Its own logger, so operators can route or silence access lines apart from the application's. */
    public static final String ACCESS_LOG = "io.backstop.access";
    private static final Logger access = LoggerFactory.getLogger(ACCESS_LOG);
    private static final String USER_ATTRIBUTE = RequestIdFilter.class.getName() + ".user";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = request.getHeader(HEADER);
        if (id == null || !SAFE.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
        }
        MDC.put(MDC_KEY, id);
        response.setHeader(HEADER, id);
        long start = System.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        }
        finally {
            // an exception still on its way to the container becomes a 500 there, after this line
            int status = failed ? 500 : response.getStatus();
            Object user = request.getAttribute(USER_ATTRIBUTE);
            access.info("{} {} {} {} ms user={} requestId={}", request.getMethod(), request.getRequestURI(), status,
                    (System.nanoTime() - start) / 1_000_000, user == null ? "-" : user, id);
            MDC.remove(MDC_KEY);
        }
    }

    /**
     * Notes who the request is from, for the access line. Runs inside Spring Security's chain, once the token is
     * read: by the time the access line is written, that chain has cleared the security context.
     */
    static Filter userRecorder() {
        return (request, response, chain) -> {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.isAuthenticated()) {
                request.setAttribute(USER_ATTRIBUTE, auth.getName());
            }
            chain.doFilter(request, response);
        };
    }
}
