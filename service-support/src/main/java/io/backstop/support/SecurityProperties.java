package io.backstop.support;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param gatewaySecret the HS256 key the gateway signs identity tokens with; a service accepts nothing else
 */
@ConfigurationProperties("backstop.security")
public record SecurityProperties(String gatewaySecret) {

    static final int MIN_LENGTH = 32;

    /**
     * Checked here rather than with {@code @NotBlank @Size}: a bean-validation failure makes Boot print the
     * rejected value in the start-up report, and a secret that is merely too short is still somebody's secret.
     */
    public SecurityProperties {
        if (gatewaySecret == null || gatewaySecret.isBlank()) {
            throw new IllegalArgumentException("set backstop.security.gateway-secret (env BACKSTOP_GATEWAY_SECRET),"
                    + " the key shared with the gateway");
        }
        if (gatewaySecret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(
                    "backstop.security.gateway-secret (env BACKSTOP_GATEWAY_SECRET) must be at" + " least " + MIN_LENGTH
                            + " characters: HS256 needs a 256-bit key");
        }
    }

    @Override
    public String toString() {
        return "SecurityProperties[gatewaySecret=******]";
    }
}
