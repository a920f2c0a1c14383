package io.backstop.gateway.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.backstop.contracts.OperationKind;

/**
 * The global lock as this gateway sees it (from the progress topic, reconciled with backup-service):
 * {@value #LOCKED} 1 while a blocking operation runs, else 0; {@value #AGE} seconds since it started, 0 when
 * free. An age far above a backup's usual duration is worth an alert: the holder may have died with the lock.
 */
final class LockMetrics implements MeterBinder {

    static final String LOCKED = "backstop.gateway.lock.locked";
    static final String AGE = "backstop.gateway.lock.age";

    private final OpsLock lock;
    private final Clock clock;

    LockMetrics(OpsLock lock, Clock clock) {
        this.lock = lock;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(LOCKED, lock, l -> l.view().locked() ? 1 : 0)
                .description("1 while a blocking operation ("
                        + OperationKind.blockingKinds().stream()
                                .map(OperationKind::value)
                                .collect(Collectors.joining(", "))
                        + ") holds the global lock")
                .register(registry);
        Gauge.builder(AGE, lock, this::ageSeconds)
                .baseUnit("seconds")
                .description("Seconds since the operation holding the global lock started; 0 when free")
                .register(registry);
    }

    double ageSeconds(OpsLock l) {
        OpsLock.View view = l.view();
        if (!view.locked() || view.operation().startedAt() == null) {
            return 0;
        }
        return Math.max(
                        0,
                        Duration.between(view.operation().startedAt(), clock.instant())
                                .toMillis())
                / 1000.0;
    }
}
