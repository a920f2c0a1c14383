package io.backstop.gateway.ops;

import static io.backstop.gateway.ops.ProgressFeed.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.backstop.contracts.ProgressEvent;
import io.backstop.support.MutableClock;

class OpsLockTest {

    private static final Duration STALE = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock();
    private final OpsLock lock = new OpsLock(clock);

    private static BackupLockClient.Holder free() {
        return new BackupLockClient.Holder(false, null, null, null, null, null, null);
    }

    private static BackupLockClient.Holder holding(String id) {
        return new BackupLockClient.Holder(true, id, "restore", "admin", Instant.EPOCH, 12, "restoring");
    }

    @Test
    void lateRunningEventDoesNotResurrectAFinishedOperation() {
        lock.apply(event("op", "backup", "started", 0, "", null, true));
        lock.apply(event("op", "backup", "completed", 100, "", null, true));

        boolean changed = lock.apply(event("op", "backup", "running", 50, "", null, true));

        assertThat(changed).isFalse();
        assertThat(lock.view().locked()).isFalse();
    }

    @Test
    void completionOfAnotherOperationLeavesTheLockAlone() {
        lock.apply(event("op-a", "backup", "running", 10, "", null, true));

        lock.apply(event("op-b", "backup", "completed", 100, "", null, true));

        assertThat(lock.view().operation().operationId()).isEqualTo("op-a");
    }

    @Test
    void freeAnswerDoesNotDropALockThatHadARecentEvent() {
        lock.apply(event("op", "restore", "running", 10, "", null, true));

        assertThat(lock.reconcile(free(), STALE)).isFalse();
        assertThat(lock.view().locked()).isTrue();
    }

    @Test
    void freeAnswerDropsAQuietLock() {
        lock.apply(event("op", "restore", "running", 10, "", null, true));
        clock.advance(Duration.ofSeconds(61));

        assertThat(lock.quietFor(STALE)).isTrue();
        assertThat(lock.reconcile(free(), STALE)).isTrue();
        assertThat(lock.view().locked()).isFalse();
    }

    @Test
    void holderAnswerKeepsAQuietLockAliveWithItsProgress() {
        lock.apply(event("op", "restore", "running", 10, "", null, true));
        clock.advance(Duration.ofSeconds(61));

        lock.reconcile(holding("op"), STALE);

        assertThat(lock.quietFor(STALE)).isFalse();
        assertThat(lock.view().operation().percent()).isEqualTo(12);
    }

    @Test
    void holderOfAFinishedOperationIsNotAdopted() {
        lock.apply(event("op", "restore", "completed", 100, "", null, true));

        assertThat(lock.reconcile(holding("op"), STALE)).isFalse();
        assertThat(lock.view().locked()).isFalse();
    }

    @Test
    void failedEventReleasesTheLock() {
        lock.apply(event("op", "pitr", "running", 10, "", null, true));

        assertThat(lock.apply(event("op", "pitr", ProgressEvent.FAILED, 10, "", "boom", true)))
                .isTrue();
        assertThat(lock.view().locked()).isFalse();
    }
}
