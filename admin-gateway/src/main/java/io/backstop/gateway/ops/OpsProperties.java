package io.backstop.gateway.ops;

import java.time.Duration;
import jakarta.validation.constraints.Min;
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
 * @param maxStreamsPerSession live-event streams one browser session may hold; a new one closes the oldest
 * @param maxStreamsPerUser    live-event streams one user may hold across sessions and Basic clients; more get 429
 */
@Validated
@ConfigurationProperties("backstop.gateway.ops")
public record OpsProperties(
        @NotNull @DurationMin(seconds = 1, message = "stale-after must be at least 1s") Duration staleAfter,
        @NotNull
                @DurationMin(seconds = 1, message = "heartbeat must be at least 1s")
                @DurationMax(minutes = 5, message = "heartbeat must be at most 5m")
                Duration heartbeat,
        @Min(value = 1, message = "max-streams-per-session must be at least 1") int maxStreamsPerSession,
        @Min(value = 1, message = "max-streams-per-user must be at least 1") int maxStreamsPerUser) {}
