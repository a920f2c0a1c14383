package io.backstop.support;

import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Who is asking, as the gateway's token says, and the request id that follows the change into the audit trail. */
public final class CurrentUser {

    private CurrentUser() {}

    /** The user name; {@code anonymous} outside a request (never trust a header for it). */
    public static String name() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null ? "anonymous" : auth.getName();
    }

    public static String requestId() {
        return MDC.get(RequestIdFilter.MDC_KEY);
    }

    /** {@code "Bearer <token>"} to forward the caller's identity to another service, or null outside a request. */
    public static String bearerToken() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth instanceof JwtAuthenticationToken jwt
                ? "Bearer " + jwt.getToken().getTokenValue()
                : null;
    }
}
