package io.backstop.catalog.capture;

import java.time.Clock;
import java.time.Duration;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.backstop.support.CaptureModeProperties;

/**
 * What both capture modes report, under the same names so a dashboard does not care which one runs:
 * <ul>
 * <li>{@value #PUBLISHED}: changes acknowledged by the broker (tombstones not counted);</li>
 * <li>{@value #LAG}: from the change (its source time: the outbox entry's commit time, Debezium's cluster
 *     time) to the broker's acknowledgement; the part of the audit trail's delay that capture adds.</li>
 * </ul>
 * Tagged {@code mode=outbox|debezium}.
 */
@Component
public class CaptureMetrics {

    public static final String PUBLISHED = "backstop.capture.published";
    public static final String LAG = "backstop.capture.lag";

    private final Counter published;
    private final Timer lag;
    private final Clock clock;

    public CaptureMetrics(MeterRegistry registry, CaptureModeProperties capture, Clock clock) {
        String mode = capture.mode().name().toLowerCase(java.util.Locale.ROOT);
        this.published = Counter.builder(PUBLISHED)
                .tag("mode", mode)
                .description("Captured changes acknowledged by the broker")
                .register(registry);
        this.lag = Timer.builder(LAG)
                .tag("mode", mode)
                .description("From a change's source time to the broker's acknowledgement of its capture record")
                .publishPercentileHistogram()
                .register(registry);
        this.clock = clock;
    }

    /** One change acknowledged; {@code sourceTsMs} is the envelope's {@code source.ts_ms}. */
    public void acknowledged(long sourceTsMs) {
        published.increment();
        lag.record(Duration.ofMillis(Math.max(0, clock.millis() - sourceTsMs)));
    }
}
