package io.backstop.gateway.security;

import java.io.IOException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import io.backstop.support.ProblemType;
import io.backstop.support.Problems;

/** 403 as a problem document saying what was missing: a role, or the CSRF token of a session request. */
final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

    private final ProblemAuthenticationEntryPoint entryPoint;

    ProblemAccessDeniedHandler(ProblemAuthenticationEntryPoint entryPoint) {
        this.entryPoint = entryPoint;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        boolean anonymous = user == null || user instanceof AnonymousAuthenticationToken || !user.isAuthenticated();
        // the CSRF filter runs before authentication: a caller with no credentials at all is told to log in
        if (anonymous && request.getHeader("Authorization") == null && !"/login".equals(request.getServletPath())) {
            entryPoint.commence(request, response, new InsufficientAuthenticationException("not logged in"));
            return;
        }
        if (denied instanceof CsrfException) {
            Problems.write(
                    request,
                    response,
                    ProblemType.CSRF,
                    "Missing or invalid CSRF token: send the value of"
                            + " the XSRF-TOKEN cookie in the X-XSRF-TOKEN header (GET /api/csrf sets the cookie).");
            return;
        }
        if (anonymous) {
            entryPoint.commence(request, response, new InsufficientAuthenticationException("not logged in"));
            return;
        }
        String roles = Role.namesOf(user).toString();
        Problems.write(
                request,
                response,
                ProblemType.FORBIDDEN,
                "User '" + user.getName() + "' with roles " + roles
                        + " may not " + request.getMethod() + " " + request.getRequestURI()
                        + ": catalog writes and rollbacks need editor, backups and restores need admin.");
    }
}
