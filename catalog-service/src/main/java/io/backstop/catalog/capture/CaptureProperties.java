package io.backstop.catalog.capture;

import java.time.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code backstop.capture.*}: how catalog changes reach the capture topics.
 *
 * The mode itself ({@code backstop.capture.mode}) is service-support's {@code CaptureModeProperties}, which
 * backup-service and audit-service read too.
 *
 * @param enabled  false: this instance writes the outbox but neither relays nor runs the engine (another
 *                 replica does; the outbox waits, nothing is lost)
 * @param outbox   the relay, used in outbox mode
 * @param debezium the engine, used in debezium mode
 */
@Validated
@ConfigurationProperties("backstop.capture")
public record CaptureProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue @Valid Outbox outbox,
        @DefaultValue @Valid Debezium debezium) {

    /**
     * @param pollInterval     pause between relay passes when nothing is READY: half of it, on average, is added
     *                         to every change's way to the audit trail; a pass over an empty outbox costs little
     * @param batchSize        entries published per pass; large, because a restore leaves a backlog of one entry
     *                         per restored document and every pass reads the READY entries in seq order
     * @param recoveryGrace    a PENDING entry older than this belongs to a writer that stopped; recovery settles
     *                         it. Must exceed the longest a live write takes between its entry and its document
     * @param recoveryInterval how often recovery runs
     * @param retention        ABORTED entries are deleted after this (published ones at once)
     */
    public record Outbox(
            @DefaultValue("50ms") @NotNull Duration pollInterval,
            @DefaultValue("2000") @Min(1) @Max(10_000) int batchSize,
            @DefaultValue("30s") @NotNull Duration recoveryGrace,
            @DefaultValue("10s") @NotNull Duration recoveryInterval,
            @DefaultValue("7d") @NotNull Duration retention) {

        @AssertTrue(message = "recovery-grace must be at least 1s, so recovery never judges a live write")
        public boolean isGraceSane() {
            return recoveryGrace == null || recoveryGrace.compareTo(Duration.ofSeconds(1)) >= 0;
        }

        @AssertTrue(message = "retention must exceed recovery-grace")
        public boolean isRetentionLongerThanGrace() {
            return retention == null || recoveryGrace == null || retention.compareTo(recoveryGrace) > 0;
        }
    }

    /**
     * @param offsetTopic        Kafka topic holding the engine's offsets (resume tokens); compacted
     * @param snapshotMode       {@code no_data}: never copy existing documents into the topics (the outbox or a
     *                           backup already accounts for them); {@code when_needed} is refused on purpose, see
     *                           DebeziumCapture
     * @param heartbeatInterval  heartbeats keep the resume token fresh on quiet collections
     * @param pollInterval       longest a captured change waits in the engine before it is handed over (Debezium's
     *                           {@code poll.interval.ms}); the engine wakes this often when idle, which costs little
     * @param leaseRenew         how often the active engine renews its lease
     * @param leaseStale         a lease not renewed for this long may be taken over by another replica
     * @param engineName         the engine's name (also the lease id and the offset key)
     */
    public record Debezium(
            @DefaultValue("backstop.capture.offsets") @NotBlank String offsetTopic,
            @DefaultValue("no_data")
                    @Pattern(
                            regexp = "no_data|never",
                            message = "must be no_data (or its old name never): a silent re-snapshot is not allowed")
                    String snapshotMode,
            @DefaultValue("10s") @NotNull Duration heartbeatInterval,
            @DefaultValue("50ms") @NotNull Duration pollInterval,
            @DefaultValue("5s") @NotNull Duration leaseRenew,
            @DefaultValue("30s") @NotNull Duration leaseStale,
            @DefaultValue("backstop-catalog") @NotBlank String engineName) {

        @AssertTrue(message = "lease-stale must be at least three times lease-renew")
        public boolean isLeaseTimingSafe() {
            return leaseRenew == null || leaseStale == null || leaseStale.compareTo(leaseRenew.multipliedBy(3)) >= 0;
        }
    }
}
