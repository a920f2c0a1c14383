package io.backstop.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The one definition of the identity token between the gateway and the services (docs/architecture.md). */
public final class GatewayTokens {

    public static final String ISSUER = "backstop-gateway";
    public static final String ROLES_CLAIM = "roles";
    /** How long a minted token is good for; a service refuses any token that claims to live longer. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    /** Clocks of gateway and services may differ by this much (Spring Security's default for {@code exp}). */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private GatewayTokens() {}

    public static SecretKey key(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }
}
