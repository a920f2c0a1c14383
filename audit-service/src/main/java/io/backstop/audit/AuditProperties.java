package io.backstop.audit;

import java.net.URI;
import java.time.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything audit-service reads from {@code backstop.audit.*}, validated once at start-up.
 *
 * @param catalogUrl      base URL of catalog-service, for rollbacks (revert endpoint and current version)
 * @param database        the MongoDB database holding {@code audit_logs}
 * @param retryAttempts   deliveries of a failing capture record before it goes to the dead-letter topic
 * @param retryBackoff    pause between those deliveries
 * @param publishTimeout  how long storing an entry waits for {@code audit.events} to acknowledge it
 * @param drift           the reconciler, which finds changes made outside the API that no capture recorded
 */
@Validated
@ConfigurationProperties("backstop.audit")
public record AuditProperties(
        @NotNull @DefaultValue("http://localhost:8081") URI catalogUrl,
        @NotBlank @DefaultValue("audit") String database,
        @Min(1) @Max(100) @DefaultValue("5") int retryAttempts,
        @NotNull @DefaultValue("1s") Duration retryBackoff,
        @NotNull @DefaultValue("30s") Duration publishTimeout,
        @Valid @NotNull @DefaultValue Drift drift) {

    /**
     * @param reconcileInterval pause between two reconciles (outbox capture mode only; backup-service also asks for
     *                          one before every backup). A pass reads every catalog document and each one's latest
     *                          entry, about as much as a backup's dump reads
     * @param catalogDatabase   the catalog's database, read (never written) by the reconciler through this
     *                          service's own MongoDB connection
     */
    public record Drift(
            @NotNull @DefaultValue("5m") Duration reconcileInterval,
            @NotBlank @DefaultValue("catalog") String catalogDatabase) {

        @AssertTrue(message = "backstop.audit.drift.reconcile-interval must be at least 1s")
        public boolean isIntervalSane() {
            return reconcileInterval == null || reconcileInterval.compareTo(Duration.ofSeconds(1)) >= 0;
        }
    }
}
