package io.backstop.gateway.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param gatewaySecret the HS256 key the identity tokens are signed with, shared with every service
 */
@ConfigurationProperties("backstop.security")
public record SecretProperties(String gatewaySecret) {

    static final int MIN_LENGTH = 32;

    /**
     * Checked here rather than with {@code @NotBlank @Size}: a bean-validation failure makes Boot print the
     * rejected value, and a secret that is merely too short is still somebody's secret.
     */
    public SecretProperties {
        if (gatewaySecret == null || gatewaySecret.isBlank()) {
            throw new IllegalArgumentException("set the environment variable BACKSTOP_GATEWAY_SECRET"
                    + " (backstop.security.gateway-secret), the key shared with the services");
        }
        if (gatewaySecret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("backstop.security.gateway-secret (BACKSTOP_GATEWAY_SECRET) must be at"
                    + " least " + MIN_LENGTH + " characters: HS256 needs a 256-bit key");
        }
    }

    @Override
    public String toString() {
        return "SecretProperties[gatewaySecret=******]";
    }
}
