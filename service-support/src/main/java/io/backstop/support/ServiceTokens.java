package io.backstop.support;

import java.time.Instant;
import java.util.List;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Mints identity tokens signed with the gateway secret. The gateway uses it for users; a service uses it only for
 * work nobody asked for in a request (schedules), as {@code system:<service>}.
 */
public final class ServiceTokens {

    private final JwtEncoder encoder;

    public ServiceTokens(String secret) {
        this.encoder = NimbusJwtEncoder.withSecretKey(GatewayTokens.key(secret))
                .algorithm(MacAlgorithm.HS256)
                .build();
    }

    /** A compact JWT (without the "Bearer " prefix). */
    public String mint(String subject, String... roles) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(GatewayTokens.ISSUER)
                .subject(subject)
                .issuedAt(now)
                .expiresAt(now.plus(GatewayTokens.LIFETIME))
                .claim(GatewayTokens.ROLES_CLAIM, List.of(roles))
                .build();
        return encoder.encode(JwtEncoderParameters.from(
                        JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }
}
