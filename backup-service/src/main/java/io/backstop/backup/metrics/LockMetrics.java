package io.backstop.backup.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.backstop.backup.lock.CriticalOps;
import io.backstop.contracts.OperationKind;
import io.backstop.support.lease.Lease;

/**
 * The global lock as every replica sees it (read from the lease document, not from this process):
 * {@code backstop.lock.held} (gauge 0/1 per kind of operation) and {@code backstop.lock.age.seconds} (how long the
 * current holder has held it; 0 when free). A stuck operation shows as an age that keeps growing. The lease is
 * read at most once a second however many gauges a scrape reads.
 */
public final class LockMetrics {

    private static final Logger log = LoggerFactory.getLogger(LockMetrics.class);
    static final List<OperationKind> KINDS = OperationKind.blockingKinds();
    private static final Duration CACHE = Duration.ofSeconds(1);

    private final CriticalOps ops;
    private final Clock clock;
    private Instant readAt = Instant.MIN;
    private Lease cached;

    public LockMetrics(CriticalOps ops, Clock clock, MeterRegistry registry) {
        this.ops = ops;
        this.clock = clock;
        for (OperationKind kind : KINDS) {
            Gauge.builder("backstop.lock.held", this, m -> m.held(kind))
                    .tag("kind", kind.value())
                    .description("1 while an operation of this kind holds the global lock")
                    .register(registry);
        }
        Gauge.builder("backstop.lock.age.seconds", this, LockMetrics::ageSeconds)
                .baseUnit("seconds")
                .description("Seconds the current holder has held the global lock; 0 when free")
                .register(registry);
    }

    double held(OperationKind kind) {
        Lease lease = active();
        return lease != null && kind.value().equals(lease.kind()) ? 1 : 0;
    }

    double ageSeconds() {
        Lease lease = active();
        return lease == null || lease.startedAt() == null
                ? 0
                : Math.max(
                        0, Duration.between(lease.startedAt(), clock.instant()).toMillis() / 1000.0);
    }

    private synchronized Lease active() {
        Instant now = clock.instant();
        if (now.isAfter(readAt.plus(CACHE)) || now.isBefore(readAt)) {
            try {
                Optional<Lease> current = ops.current();
                cached = current.filter(l -> l.activeAt(now)).orElse(null);
                readAt = now;
            } catch (RuntimeException e) {
                log.debug("Lock metrics could not read the lease: {}", e.toString());
                return cached;
            }
        }
        return cached;
    }
}
