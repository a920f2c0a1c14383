package io.backstop.support;

import java.time.Clock;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses identity tokens that would stay usable longer than the gateway ever mints them for. Spring's default
 * validators check an {@code exp} only when there is one, so a token without it, or with one ten years out, would be
 * a permanent credential for whoever once got hold of it (a log, a proxy, a leaked secret rotated too late).
 * The bound is measured from now, not from {@code iat}, because {@code iat} is the signer's claim too.
 */
final class TokenLifetime implements OAuth2TokenValidator<Jwt> {

    private final Clock clock;

    TokenLifetime(Clock clock) {
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        Instant expiresAt = token.getExpiresAt();
        if (expiresAt == null) {
            return refuse("The token has no exp claim; identity tokens must expire.");
        }
        Instant latest = clock.instant().plus(GatewayTokens.LIFETIME).plus(GatewayTokens.CLOCK_SKEW);
        if (expiresAt.isAfter(latest)) {
            return refuse("The token expires at " + expiresAt + ", more than " + GatewayTokens.LIFETIME.toMinutes()
                    + " minutes from now; identity tokens live at most that long.");
        }
        Instant issuedAt = token.getIssuedAt();
        if (issuedAt != null
                && expiresAt.isAfter(issuedAt.plus(GatewayTokens.LIFETIME).plus(GatewayTokens.CLOCK_SKEW))) {
            return refuse("The token's lifetime (iat to exp) is longer than " + GatewayTokens.LIFETIME.toMinutes()
                    + " minutes.");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult refuse(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
