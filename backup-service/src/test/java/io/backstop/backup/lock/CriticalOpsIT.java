package io.backstop.backup.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.ops.OperationRecords;
import io.backstop.backup.ops.OperationStatus;
import io.backstop.backup.progress.ProgressPublisher;
import io.backstop.contracts.OperationKind;
import io.backstop.infra.EmbeddedMongo;
import io.backstop.support.MutableClock;

/** How an operation ends when its work fails, against the embedded MongoDB, on the pools Spring would give it. */
class CriticalOpsIT {

    private static EmbeddedMongo mongo;
    private static MongoClient client;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<OperationOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final LockConfiguration configuration = new LockConfiguration();
    private ThreadPoolTaskScheduler heartbeats;
    private ThreadPoolTaskExecutor workers;
    private OperationRecords records;
    private CriticalOps ops;

    @BeforeAll
    static void start() {
        mongo = EmbeddedMongo.inMemory();
        client = MongoClients.create(mongo.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        mongo.close();
    }

    @BeforeEach
    void wire() {
        MongoDatabase db =
                client.getDatabase("backup-" + UUID.randomUUID().toString().substring(0, 8));
        heartbeats = configuration.leaseHeartbeats(new ThreadPoolTaskSchedulerBuilder());
        heartbeats.initialize();
        workers = configuration.criticalOpWorkers(new ThreadPoolTaskExecutorBuilder());
        workers.initialize();
        KafkaTemplate<String, String> kafka = new KafkaTemplate<>(new MockProducerFactory<>(
                () -> new MockProducer<>(true, null, new StringSerializer(), new StringSerializer())));
        records = new OperationRecords(db, clock);
        ops = new CriticalOps(
                BackupLease.store(db, clock),
                records,
                new ProgressPublisher(kafka, clock),
                List.of(),
                new BackupProperties.Lock(Duration.ofSeconds(5), Duration.ofSeconds(30)),
                "test-host:1",
                List.of(outcomes::add),
                clock,
                heartbeats,
                workers);
    }

    @AfterEach
    void shutDown() {
        workers.shutdown();
        heartbeats.shutdown();
    }

    @Test
    void aCheckedFailureReachesTheCallerUncheckedSoItsCleanupRunsAndTheLeaseIsFree() {
        assertThatThrownBy(() -> ops.runSync("op-io", OperationKind.CLEANUP, "admin", "test", ctx -> {
                    throw new IOException("disk gone");
                }))
                .isInstanceOf(RuntimeException.class)
                .hasCauseInstanceOf(IOException.class)
                .hasMessageContaining("disk gone");
        assertLeaseFree();
        assertThat(records.find("op-io").status()).isEqualTo(OperationStatus.FAILED);
    }

    @Test
    void aCheckedFailureOfThePreflightReachesTheCallerUnchecked() {
        assertThatThrownBy(() -> ops.startAsync(
                        "op-pre",
                        OperationKind.RESTORE,
                        "admin",
                        "test",
                        ctx -> {
                            throw new IOException("backup file unreadable");
                        },
                        ctx -> Map.of()))
                .isInstanceOf(RuntimeException.class)
                .hasCauseInstanceOf(IOException.class);
        assertLeaseFree();
    }

    @Test
    void anInterruptedOperationLeavesTheCallerInterrupted() {
        assertThatThrownBy(() -> ops.runSync("op-int", OperationKind.CLEANUP, "admin", "test", ctx -> {
                    throw new InterruptedException("shutting down");
                }))
                .isInstanceOf(RuntimeException.class)
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted())
                .as("the interrupt flag is restored (and cleared here)")
                .isTrue();
        assertLeaseFree();
    }

    @Test
    void theEndOfAnOperationIsTimedByTheInjectedClock() {
        ops.runSync("op-clock", OperationKind.CLEANUP, "admin", "test", ctx -> {
            clock.advance(Duration.ofSeconds(7));
            return Map.of();
        });
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.startedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
            assertThat(o.finishedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:07Z"));
        });
    }

    @Test
    void anOperationThatCannotGetAWorkerFailsAndFreesTheLease() {
        ops.close();
        assertThatThrownBy(
                        () -> ops.startAsync("op-late", OperationKind.BACKUP, "admin", "test", null, ctx -> Map.of()))
                .isInstanceOf(TaskRejectedException.class);
        assertLeaseFree();
        assertThat(records.find("op-late").status()).isEqualTo(OperationStatus.FAILED);
    }

    @Test
    void closeWaitsForTheOperationUnderWayToEndOnItsNamedWorker() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        ops.startAsync("op-async", OperationKind.BACKUP, "admin", "test", null, ctx -> {
            release.await();
            threads.add(Thread.currentThread().getName());
            return Map.of();
        });
        CompletableFuture<Void> closing = CompletableFuture.runAsync(ops::close);
        assertThatThrownBy(() -> closing.get(300, TimeUnit.MILLISECONDS))
                .as("close waits for the operation")
                .isInstanceOf(TimeoutException.class);
        release.countDown();
        closing.get(10, TimeUnit.SECONDS);
        assertThat(threads).singleElement().asString().startsWith("critical-op-");
        assertThat(records.find("op-async").status()).isEqualTo(OperationStatus.COMPLETED);
        assertLeaseFree();
    }

    /** A released lease stays in the store as an expired one: free means the next operation gets it. */
    private void assertLeaseFree() {
        ops.runSync("probe-" + UUID.randomUUID(), OperationKind.CLEANUP, "test", "test", ctx -> Map.of());
    }
}
