package io.backstop.gateway.routing;

import java.util.Set;
import java.util.function.Function;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.function.ServerRequest;

import io.backstop.gateway.security.Role;
import io.backstop.support.RequestIdFilter;

/**
 * Replaces whatever identity the client sent with the one the gateway vouches for. The client's
 * {@code Authorization} (Basic credentials, or a forged bearer token), its cookies (the gateway session is no
 * business of the services) and any header that merely claims a user are dropped before the signed token is added.
 */
final class IdentityForwarding implements Function<ServerRequest, ServerRequest> {

    /** Headers some proxies and frameworks read as "the user"; no service trusts them, none is forwarded. */
    static final Set<String> STRIPPED = Set.of(
            HttpHeaders.AUTHORIZATION,
            HttpHeaders.PROXY_AUTHORIZATION,
            HttpHeaders.COOKIE,
            "X-User",
            "X-User-Id",
            "X-Username",
            "X-User-Name",
            "X-Roles",
            "X-User-Roles",
            "X-Remote-User",
            "Remote-User",
            "X-Forwarded-User",
            "X-Forwarded-Email",
            "X-Auth-Request-User",
            "X-Authenticated-User",
            "X-Backstop-User",
            "X-Backstop-Roles");

    private final IdentityTokens tokens;

    IdentityForwarding(IdentityTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public ServerRequest apply(ServerRequest request) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        String requestId = RequestIdFilter.of(request.servletRequest());
        return ServerRequest.from(request)
                .headers(headers -> {
                    STRIPPED.forEach(headers::remove);
                    // a route is only reached by an authenticated user (SecurityConfiguration); no user, no token
                    if (user != null && user.isAuthenticated()) {
                        headers.setBearerAuth(tokens.mint(user.getName(), Role.namesOf(user)));
                    }
                    if (requestId != null) {
                        headers.set(RequestIdFilter.HEADER, requestId);
                    }
                })
                .build();
    }
}
