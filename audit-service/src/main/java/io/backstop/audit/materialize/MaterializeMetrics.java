package io.backstop.audit.materialize;

import java.time.Duration;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The materializer's meters:
 * <ul>
 * <li>{@value #MATERIALIZED} {@code collection, action}: entries stored (the rate is Prometheus' {@code rate()});
 *     a redelivered change whose entry exists is counted under {@value #REDELIVERED} instead;</li>
 * <li>{@value #LAG}: from the change's source time ({@code source.ts_ms}) to its entry being stored, i.e. how
 *     far the audit trail is behind the catalog, capture included;</li>
 * <li>{@value #DEAD_LETTERS}: capture records given up on and sent to the dead-letter topic;</li>
 * <li>{@value #DRIFT} {@code collection, detectedBy}: changes made outside the API that no capture recorded,
 *     recorded as {@code external} entries (detected by the materializer or the reconciler).</li>
 * </ul>
 * Consumer lag in records comes from the Kafka client's own meters, which Boot binds:
 * {@code kafka_consumer_fetch_manager_records_lag_max}.
 */
@Component
class MaterializeMetrics {

    static final String MATERIALIZED = "backstop.audit.materialized";
    static final String REDELIVERED = "backstop.audit.redelivered";
    static final String LAG = "backstop.audit.materialization.lag";
    static final String DEAD_LETTERS = "backstop.audit.dead.letters";
    static final String DRIFT = "backstop.audit.drift.detected";

    private final MeterRegistry registry;
    private final Timer lag;
    private final Counter redelivered;
    private final Counter deadLetters;

    MaterializeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lag = Timer.builder(LAG)
                .description("From a change's source time to its audit entry being stored")
                .publishPercentileHistogram()
                .register(registry);
        this.redelivered = Counter.builder(REDELIVERED)
                .description("Changes delivered again whose entry was already stored")
                .register(registry);
        this.deadLetters = Counter.builder(DEAD_LETTERS)
                .description("Capture records sent to the dead-letter topic")
                .register(registry);
    }

    void stored(String collection, String action, long sourceTsMs) {
        registry.counter(MATERIALIZED, "collection", collection, "action", action)
                .increment();
        lag.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - sourceTsMs)));
    }

    void redelivered() {
        redelivered.increment();
    }

    void drift(String collection, String detectedBy) {
        Counter.builder(DRIFT)
                .description("Changes made outside the API that no capture recorded, recorded as external entries")
                .tags("collection", collection, "detectedBy", detectedBy)
                .register(registry)
                .increment();
    }

    void deadLettered() {
        deadLetters.increment();
    }
}
