package io.backstop.support;

import java.nio.charset.StandardCharsets;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The one definition of the identity token between the gateway and the services (docs/architecture.md). */
public final class GatewayTokens {

    public static final String ISSUER = "backstop-gateway";
    public static final String ROLES_CLAIM = "roles";

    private GatewayTokens() {
    }

    public static SecretKey key(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }
}
