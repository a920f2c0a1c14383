package io.backstop.gateway.routing;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** @param maxBodyBytes the largest request body the gateway forwards; larger ones get 413 */
@Validated
@ConfigurationProperties("backstop.gateway")
public record GatewayHttpProperties(
        @Min(value = 1024, message = "max-body-bytes must be at least 1024")
        @Max(value = 104857600, message = "max-body-bytes must be at most 100 MB")
        long maxBodyBytes) {
}
