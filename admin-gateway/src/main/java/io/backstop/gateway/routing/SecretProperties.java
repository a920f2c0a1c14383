package io.backstop.gateway.routing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** @param gatewaySecret the HS256 key the identity tokens are signed with, shared with every service */
@Validated
@ConfigurationProperties("backstop.security")
public record SecretProperties(
        @NotBlank(message = "set the environment variable BACKSTOP_GATEWAY_SECRET (backstop.security.gateway-secret), the key shared with the services")
        @Size(min = 32, message = "backstop.security.gateway-secret must be at least 32 characters: HS256 needs a 256-bit key")
        String gatewaySecret) {
}
