package io.backstop.gateway.ops;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param staleAfter a lock with no progress event for this long is checked against backup-service and cleared if
 *                   it holds nothing
 * @param heartbeat  how often an idle event stream gets a comment line, so proxies keep it open and dead clients
 *                   are noticed
 */
@Validated
@ConfigurationProperties("backstop.gateway.ops")
public record OpsProperties(
        @NotNull @DurationMin(seconds = 1, message = "stale-after must be at least 1s") Duration staleAfter,
        @NotNull @DurationMin(seconds = 1, message = "heartbeat must be at least 1s")
        @DurationMax(minutes = 5, message = "heartbeat must be at most 5m") Duration heartbeat) {
}
