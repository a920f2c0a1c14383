package io.backstop.gateway.ops;

import static io.backstop.gateway.ops.ProgressFeed.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.backstop.contracts.ProgressEvent;
import io.backstop.support.MutableClock;

class LockMetricsTest {

    private final MutableClock clock = new MutableClock();
    private final OpsLock lock = new OpsLock(clock);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    LockMetricsTest() {
        new LockMetrics(lock, clock).bindTo(registry);
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void freeLockReportsZeroAndNoAge() {
        assertThat(gauge(LockMetrics.LOCKED)).isZero();
        assertThat(gauge(LockMetrics.AGE)).isZero();
    }

    @Test
    void heldLockReportsOneAndSecondsSinceTheOperationStarted() {
        lock.apply(event("op", "restore", ProgressEvent.RUNNING, 40, "restoring", null, true));
        clock.advance(Duration.ofSeconds(90));

        assertThat(gauge(LockMetrics.LOCKED)).isEqualTo(1);
        assertThat(gauge(LockMetrics.AGE)).isEqualTo(90);
    }

    @Test
    void finishedOperationFreesTheGauges() {
        lock.apply(event("op", "backup", ProgressEvent.RUNNING, 40, "", null, true));
        clock.advance(Duration.ofSeconds(30));
        lock.apply(event("op", "backup", ProgressEvent.COMPLETED, 100, "", null, true));

        assertThat(gauge(LockMetrics.LOCKED)).isZero();
        assertThat(gauge(LockMetrics.AGE)).isZero();
    }
}
