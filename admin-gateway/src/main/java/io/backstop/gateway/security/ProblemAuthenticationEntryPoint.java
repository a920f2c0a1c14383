package io.backstop.gateway.security;

import java.io.IOException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import io.backstop.support.ProblemType;
import io.backstop.support.Problems;

/**
 * 401 as a problem document. The Basic challenge header goes only to non-browser clients: a browser that receives
 * it pops up its own login dialog (and then caches the credentials), which the admin UI must never trigger.
 * Browsers mark every request with {@code Sec-Fetch-Mode}; scripts of older ones with {@code X-Requested-With}.
 */
final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        if (failure instanceof LoginThrottle.Throttled throttled) {
            response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
            Problems.write(request, response, ProblemType.THROTTLED, throttled.getMessage());
            return;
        }
        if (!fromBrowser(request)) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"backstop\", charset=\"UTF-8\"");
        }
        String detail = failure instanceof BadCredentialsException
                ? "Wrong user name or password."
                : "Log in first: POST /login with your user name and password (browser), or send HTTP Basic credentials (API client).";
        Problems.write(request, response, ProblemType.UNAUTHENTICATED, detail);
    }

    static boolean fromBrowser(HttpServletRequest request) {
        return request.getHeader("Sec-Fetch-Mode") != null
                || "XMLHttpRequest".equalsIgnoreCase(request.getHeader("X-Requested-With"));
    }
}
