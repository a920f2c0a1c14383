package io.backstop.gateway.security;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The one authentication manager of the gateway, so HTTP Basic (Spring Security's filter) and {@code POST /login}
 * (LoginController) are throttled alike. The client address comes from the request details both of them attach.
 */
final class ThrottledAuthentication implements AuthenticationManager {

    static final String BASIC = "basic";
    static final String SESSION = "session";

    private final AuthenticationManager delegate;
    private final LoginThrottle throttle;

    ThrottledAuthentication(AuthenticationManager delegate, LoginThrottle throttle) {
        this.delegate = delegate;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String username = attempt.getName();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress()
                : "unknown";
        String via = attempt.getDetails() instanceof LoginDetails ? SESSION : BASIC;
        throttle.check(username, address, via);
        try {
            Authentication user = delegate.authenticate(attempt);
            throttle.succeeded(username);
            return user;
        } catch (BadCredentialsException wrong) {
            // an unknown user name is a BadCredentialsException too (hidden user-not-found), so it counts as well
            throttle.failed(username, address, via);
            throw wrong;
        }
    }

    /** The details {@code POST /login} attaches, telling its attempts apart from Basic ones in logs and metrics. */
    static final class LoginDetails extends WebAuthenticationDetails {

        LoginDetails(jakarta.servlet.http.HttpServletRequest request) {
            super(request);
        }
    }
}
