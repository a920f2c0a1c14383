package io.backstop.gateway.routing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Mints the identity token each proxied request carries (docs/architecture.md, "Identity between gateway and
 * services"): HS256 with the shared secret, {@code iss=backstop-gateway}, {@code sub}, {@code roles}, 5 minutes.
 */
public final class IdentityTokens {

    public static final String ISSUER = "backstop-gateway";
    public static final String ROLES_CLAIM = "roles";
    static final Duration LIFETIME = Duration.ofMinutes(5);

    private final JwtEncoder encoder;
    private final Clock clock;

    public IdentityTokens(String secret, Clock clock) {
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.encoder = NimbusJwtEncoder.withSecretKey(key)
                .algorithm(MacAlgorithm.HS256)
                .build();
        this.clock = clock;
    }

    /** A compact JWT, without the "Bearer " prefix. */
    public String mint(String subject, Collection<String> roles) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(subject)
                .issuedAt(now)
                .expiresAt(now.plus(LIFETIME))
                .claim(ROLES_CLAIM, List.copyOf(roles))
                .build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }
}
