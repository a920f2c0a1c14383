package io.backstop.gateway.routing;

import java.net.URI;
import java.time.Duration;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Where the back-end services listen and how long the gateway waits for them. */
@Validated
@ConfigurationProperties("backstop.gateway.services")
public record ServicesProperties(
        @NotNull(message = "set backstop.gateway.services.catalog to catalog-service's base URL") URI catalog,
        @NotNull(message = "set backstop.gateway.services.audit to audit-service's base URL") URI audit,
        @NotNull(message = "set backstop.gateway.services.backup to backup-service's base URL") URI backup,
        @NotNull @DurationMin(millis = 100, message = "connect-timeout must be at least 100ms") Duration connectTimeout,
        @NotNull @DurationMin(seconds = 1, message = "read-timeout must be at least 1s") Duration readTimeout) {}
