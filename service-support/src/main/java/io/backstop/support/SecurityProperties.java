package io.backstop.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * @param gatewaySecret the HS256 key the gateway signs identity tokens with; a service accepts nothing else
 */
@Validated
@ConfigurationProperties("backstop.security")
public record SecurityProperties(
        @NotBlank(message = "set backstop.security.gateway-secret (env BACKSTOP_GATEWAY_SECRET), the key shared with the gateway")
        @Size(min = 32, message = "backstop.security.gateway-secret must be at least 32 characters: HS256 needs a 256-bit key")
        String gatewaySecret) {
}
