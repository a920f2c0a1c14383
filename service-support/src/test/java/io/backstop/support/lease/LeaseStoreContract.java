package io.backstop.support.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.backstop.support.MutableClock;

/**
 * What every {@link LeaseStore} must do, whatever stores it. Subclasses provide a fresh, empty store on a clock
 * the test controls (JaVers' {@code JaversRepositoryE2ETest} pattern).
 */
public abstract class LeaseStoreContract {

    protected static final Duration TTL = Duration.ofSeconds(30);

    protected MutableClock clock;
    protected LeaseStore store;

    /** A store over empty storage, reading time from {@code clock}. */
    protected abstract LeaseStore newStore(MutableClock clock);

    /** A second store over the same storage, as another replica would have. */
    protected abstract LeaseStore otherReplica(MutableClock clock);

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
        store = newStore(clock);
    }

    private static LeaseRequest request(String instance, String op) {
        return new LeaseRequest(instance, op, "backup", "alice");
    }

    private Lease acquire(LeaseStore s, String instance, String op) {
        AcquireResult result = s.tryAcquire(request(instance, op), TTL);
        assertThat(result).isInstanceOf(AcquireResult.Acquired.class);
        return ((AcquireResult.Acquired) result).lease();
    }

    @Test
    void freeLeaseIsAcquiredWithTokenOne() {
        Lease lease = acquire(store, "a", "op1");
        assertThat(lease.token()).isEqualTo(1);
        assertThat(store.current())
                .get()
                .extracting(Lease::operationId, Lease::holder)
                .containsExactly("op1", "a/op1");
    }

    @Test
    void liveLeaseIsRefusedNamingTheHolderAndOperation() {
        acquire(store, "a", "op1");
        AcquireResult result = otherReplica(clock).tryAcquire(request("b", "op2"), TTL);
        assertThat(result).isInstanceOf(AcquireResult.Held.class);
        Lease current = ((AcquireResult.Held) result).current();
        assertThat(current.holder()).isEqualTo("a/op1");
        assertThat(current.operationId()).isEqualTo("op1");
        assertThat(current.kind()).isEqualTo("backup");
    }

    @Test
    void sameReplicaCannotStartASecondOperationWhileTheFirstHoldsTheLease() {
        acquire(store, "a", "op1");
        assertThat(store.tryAcquire(request("a", "op2"), TTL)).isInstanceOf(AcquireResult.Held.class);
    }

    @Test
    void holderReacquiresItsOwnLiveLease() {
        Lease first = acquire(store, "a", "op1");
        clock.advance(Duration.ofSeconds(25));
        Lease again = acquire(otherReplica(clock), "a", "op1");
        assertThat(again.token()).isGreaterThan(first.token());
        assertThat(again.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(store.renew(first, TTL)).as("the older token is fenced off").isFalse();
        assertThat(store.renew(again, TTL)).isTrue();
    }

    @Test
    void tokenIncreasesOnEveryAcquisition() {
        Lease first = acquire(store, "a", "op1");
        assertThat(store.release(first)).isTrue();
        Lease second = acquire(otherReplica(clock), "b", "op2");
        assertThat(store.release(second)).isTrue();
        Lease third = acquire(store, "a", "op3");
        assertThat(List.of(first.token(), second.token(), third.token())).containsExactly(1L, 2L, 3L);
    }

    @Test
    void releasedLeaseIsFreeAndNotReportedAsATakeover() {
        store.release(acquire(store, "a", "op1"));
        AcquireResult result = otherReplica(clock).tryAcquire(request("b", "op2"), TTL);
        assertThat(result).isInstanceOf(AcquireResult.Acquired.class);
        assertThat(((AcquireResult.Acquired) result).takenOverFrom()).isNull();
    }

    @Test
    void staleLeaseIsTakenOverAndNamesTheDeadOperation() {
        acquire(store, "a", "op1");
        clock.advance(TTL.plusSeconds(1));
        AcquireResult result = otherReplica(clock).tryAcquire(request("b", "op2"), TTL);
        assertThat(result).isInstanceOf(AcquireResult.Acquired.class);
        AcquireResult.Acquired acquired = (AcquireResult.Acquired) result;
        assertThat(acquired.takenOverFrom().operationId()).isEqualTo("op1");
        assertThat(acquired.lease().token()).isEqualTo(2);
    }

    @Test
    void heartbeatKeepsTheLeaseAlivePastItsFirstTtl() {
        Lease lease = acquire(store, "a", "op1");
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(5));
            assertThat(store.renew(lease, TTL)).isTrue();
        }
        assertThat(otherReplica(clock).tryAcquire(request("b", "op2"), TTL)).isInstanceOf(AcquireResult.Held.class);
    }

    @Test
    void zombieCannotRenewReportOrReleaseAfterTakeover() {
        Lease zombie = acquire(store, "a", "op1");
        clock.advance(TTL.plusSeconds(1));
        Lease successor = acquire(otherReplica(clock), "b", "op2");
        assertThat(store.renew(zombie, TTL)).isFalse();
        assertThat(store.progress(zombie, 50, "still going")).isFalse();
        assertThat(store.release(zombie)).isFalse();
        assertThat(store.current())
                .get()
                .extracting(Lease::holder, Lease::token)
                .containsExactly(successor.holder(), successor.token());
    }

    @Test
    void expiredHolderCannotRenewEvenBeforeAnyoneTakesOver() {
        Lease lease = acquire(store, "a", "op1");
        clock.advance(TTL.plusSeconds(1));
        assertThat(store.renew(lease, TTL)).isFalse();
    }

    @Test
    void aHeartbeatThatReadTheClockBeforeTheReleaseCannotReviveTheLease() {
        Lease lease = acquire(store, "a", "op1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.release(lease)).isTrue();
        clock.advance(Duration.ofMillis(-500));
        assertThat(store.renew(lease, TTL)).isFalse();
        clock.advance(Duration.ofMillis(500));
        assertThat(otherReplica(clock).tryAcquire(request("b", "op2"), TTL)).isInstanceOf(AcquireResult.Acquired.class);
    }

    @Test
    void progressIsRecordedOnTheLease() {
        Lease lease = acquire(store, "a", "op1");
        assertThat(store.progress(lease, 42, "brands")).isTrue();
        assertThat(store.current())
                .get()
                .extracting(Lease::percent, Lease::message)
                .containsExactly(42, "brands");
    }

    @Test
    void exactlyOneOfManyConcurrentAcquirersWins() throws Exception {
        int contenders = 20;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<AcquireResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < contenders; i++) {
                LeaseStore replica = i % 2 == 0 ? store : otherReplica(clock);
                String op = "op" + i;
                Callable<AcquireResult> attempt = () -> {
                    start.await();
                    return replica.tryAcquire(request("r" + (op.hashCode() % 3), op), TTL);
                };
                results.add(pool.submit(attempt));
            }
            start.countDown();
            long acquired = 0;
            for (Future<AcquireResult> f : results) {
                if (f.get(30, TimeUnit.SECONDS) instanceof AcquireResult.Acquired) {
                    acquired++;
                }
            }
            assertThat(acquired).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
