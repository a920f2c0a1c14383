package io.backstop.support;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an {@code X-Request-Id} (the caller's, if it is a sane token, else a new one), puts it in the
 * log context and in every problem ({@link Problems}), echoes it and writes one access-log line per request
 * ({@value #ACCESS_LOG}), so a change can be followed from the browser through the gateway and the services into
 * its audit entry. An id that does not look like one is replaced rather than trusted: it ends up in log lines and
 * audit entries.
 */
public final class RequestIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    public static final String ATTRIBUTE = RequestIdFilter.class.getName();
    /** Its own logger, so operators can route or silence access lines apart from the application's. */
    public static final String ACCESS_LOG = "io.backstop.access";

    private static final Logger access = LoggerFactory.getLogger(ACCESS_LOG);
    private static final String USER_ATTRIBUTE = ATTRIBUTE + ".user";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id == null ? null : id.toString();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = request.getHeader(HEADER);
        if (id == null || !SANE.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
        }
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        long start = System.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            // an exception still on its way to the container becomes a 500 there, after this line; an event
            // stream is logged when its handler returns, not when the stream closes
            int status = failed ? 500 : response.getStatus();
            Object user = request.getAttribute(USER_ATTRIBUTE);
            access.info(
                    "{} {} {} {} ms user={} requestId={}",
                    request.getMethod(),
                    request.getRequestURI(),
                    status,
                    (System.nanoTime() - start) / 1_000_000,
                    user == null ? "-" : user,
                    id);
            MDC.remove(MDC_KEY);
        }
    }

    /**
     * Notes who the request is from, for the access line. Runs inside Spring Security's chain once the credentials
     * (the gateway's session or Basic, a service's token) are read: by the time the access line is written, that
     * chain has cleared the context.
     */
    public static Filter userRecorder() {
        return (request, response, chain) -> {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
                request.setAttribute(USER_ATTRIBUTE, auth.getName());
            }
            chain.doFilter(request, response);
        };
    }
}
