package io.backstop.catalog.capture.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import io.backstop.catalog.capture.CaptureMetrics;
import io.backstop.catalog.capture.CaptureProperties;
import io.backstop.catalog.capture.ChangeRequestIds;
import io.backstop.contracts.Json;
import io.backstop.outbox.CaptureRecord;
import io.backstop.outbox.ChangeEvents;
import io.backstop.outbox.OutboxEntry;
import io.backstop.outbox.OutboxRecovery;
import io.backstop.outbox.OutboxStore;

/**
 * Publishes READY outbox entries to the capture topics, settles entries of writers that stopped, and deletes
 * old entries.
 *
 * <h2>Order per document</h2>
 * Successive writes of one document get increasing seq (see {@code CatalogWriter}); the relay reads READY
 * entries in seq order and sends them in that order; one document is one key, so one partition; the
 * idempotent producer keeps the send order within a partition even across retries. If any record of a pass
 * fails, only the entries before the first failure are deleted as published; the rest are sent again, in order,
 * next pass. An entry for an earlier write of the same document is always READY before a later one is
 * (the later writer promotes it before overwriting the document), so it cannot be overtaken.
 *
 * <h2>Several replicas</h2>
 * Every replica may run a relay; two relays can publish the same entry twice, each in seq order. Consumers
 * deduplicate by source position ({@code createdAt:seq}, fixed in the entry), so a duplicate changes nothing,
 * and a duplicate of an older change arriving after a newer one is recognised as already seen.
 */
@Component
@ConditionalOnProperty(name = "backstop.capture.mode", havingValue = "outbox", matchIfMissing = true)
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long PURGE_EVERY_MS = 3_600_000;
    private static final long SEND_TIMEOUT_S = 60;

    private final OutboxStore store;
    private final OutboxRecovery recovery;
    private final CaptureProperties.Outbox config;
    private final boolean enabled;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Clock clock;
    private final CaptureMetrics metrics;
    private final AsyncTaskExecutor relayThread;
    private volatile Future<?> loop;
    private volatile CountDownLatch ended = new CountDownLatch(0);
    private volatile boolean running;
    private volatile Instant lastSuccess;
    private volatile int consecutiveFailures;
    private volatile String lastError;

    public OutboxRelay(
            OutboxStore store,
            OutboxRecovery recovery,
            CaptureProperties properties,
            KafkaTemplate<String, byte[]> kafka,
            Clock clock,
            CaptureMetrics metrics,
            AsyncTaskExecutor outboxRelayThread) {
        this.store = store;
        this.recovery = recovery;
        this.config = properties.outbox();
        this.enabled = properties.enabled();
        this.kafka = kafka;
        this.clock = clock;
        this.metrics = metrics;
        this.relayThread = outboxRelayThread;
    }

    @Override
    public synchronized void start() {
        if (!enabled) {
            log.info("Outbox relay disabled (backstop.capture.enabled=false): entries wait for another replica");
            return;
        }
        running = true;
        CountDownLatch done = new CountDownLatch(1);
        ended = done;
        loop = relayThread.submit(() -> {
            try {
                loop();
            } finally {
                done.countDown();
            }
        });
    }

    /**
     * Interrupts the pass or pause under way and waits for the loop to end, before the producer closes. Entries of an
     * interrupted pass that were not yet acknowledged stay READY and are sent again by the next relay.
     */
    @Override
    public synchronized void stop() {
        running = false;
        Future<?> f = loop;
        if (f != null) {
            f.cancel(true);
            try {
                if (!ended.await(10, TimeUnit.SECONDS)) {
                    log.warn("Outbox relay did not stop within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    Instant lastSuccess() {
        return lastSuccess;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    String lastError() {
        return lastError;
    }

    private void loop() {
        long nextRecovery = 0;
        long nextPurge = 0;
        // Spring's back-off, as everywhere else: 1 s doubling to 30 s while passes keep failing, reset by a success
        ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2);
        backOff.setMaxInterval(30_000);
        BackOffExecution failing = null;
        while (running) {
            try {
                long now = clock.millis();
                if (now >= nextRecovery) {
                    recovery.recoverStale(config.recoveryGrace());
                    nextRecovery = now + config.recoveryInterval().toMillis();
                }
                if (now >= nextPurge) {
                    recovery.purge(config.retention());
                    nextPurge = now + PURGE_EVERY_MS;
                }
                int published = publishOnce(kafka);
                lastSuccess = clock.instant();
                consecutiveFailures = 0;
                failing = null;
                if (published == 0) {
                    Thread.sleep(config.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                consecutiveFailures++;
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                failing = failing == null ? backOff.start() : failing;
                long pause = failing.nextBackOff();
                log.warn(
                        "Outbox relay pass failed (attempt {} in a row), retrying in {} ms: {}",
                        consecutiveFailures,
                        pause,
                        lastError);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One pass: send READY entries in seq order, wait for the acks, delete the acknowledged prefix. */
    int publishOnce(KafkaTemplate<String, byte[]> kafka) throws InterruptedException {
        List<OutboxEntry> batch = store.ready(config.batchSize());
        if (batch.isEmpty()) {
            return 0;
        }
        long now = clock.millis();
        List<List<CompletableFuture<SendResult<String, byte[]>>>> sends = new ArrayList<>(batch.size());
        sending:
        for (OutboxEntry entry : batch) {
            List<CompletableFuture<SendResult<String, byte[]>>> futures = new ArrayList<>(2);
            sends.add(futures);
            try (var scope = ChangeRequestIds.open(requestId(entry))) {
                for (CaptureRecord r : ChangeEvents.toRecords(entry, now)) {
                    byte[] value = r.value() == null ? null : Json.write(r.value());
                    try {
                        futures.add(kafka.send(new ProducerRecord<>(r.topic(), r.key(), value)));
                    } catch (KafkaException e) {
                        // the template throws what the producer already knows failed (no broker within max.block.ms):
                        // this entry is the first not acknowledged, and sending the rest would only wait again
                        futures.add(CompletableFuture.failedFuture(e.getCause() == null ? e : e.getCause()));
                        break sending;
                    }
                }
                log.debug(
                        "Sent outbox entry {} ({} {}/{})",
                        entry.txId(),
                        entry.op(),
                        entry.collection(),
                        entry.documentId());
            }
        }
        kafka.flush();
        List<String> acknowledged = new ArrayList<>(batch.size());
        RuntimeException failure = null;
        outer:
        for (int i = 0; i < sends.size(); i++) {
            for (CompletableFuture<SendResult<String, byte[]>> f : sends.get(i)) {
                try {
                    f.get(SEND_TIMEOUT_S, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    failure = new IllegalStateException(
                            "publishing outbox entry " + batch.get(i).txId() + " failed: "
                                    + (e.getCause() == null ? e : e.getCause()).getMessage(),
                            e);
                    try (var scope = ChangeRequestIds.open(requestId(batch.get(i)))) {
                        log.warn(
                                "Outbox entry {} not acknowledged; it and the entries after it are sent again next pass",
                                batch.get(i).txId());
                    }
                    break outer;
                }
            }
            acknowledged.add(batch.get(i).txId());
        }
        store.removePublished(acknowledged);
        for (int i = 0; i < acknowledged.size(); i++) {
            metrics.acknowledged(batch.get(i).createdAt().toEpochMilli());
        }
        if (failure != null) {
            throw failure;
        }
        return acknowledged.size();
    }

    private static String requestId(OutboxEntry entry) {
        return ChangeRequestIds.of(entry.after(), entry.before());
    }
}
