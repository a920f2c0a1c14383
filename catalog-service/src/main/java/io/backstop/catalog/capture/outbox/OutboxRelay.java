package io.backstop.catalog.capture.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

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
    private final KafkaProperties kafka;
    private final Clock clock;
    private final CaptureMetrics metrics;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile Instant lastSuccess;
    private volatile int consecutiveFailures;
    private volatile String lastError;

    public OutboxRelay(OutboxStore store, OutboxRecovery recovery, CaptureProperties properties,
                       KafkaProperties kafka, Clock clock, CaptureMetrics metrics) {
        this.store = store;
        this.recovery = recovery;
        this.config = properties.outbox();
        this.enabled = properties.enabled();
        this.kafka = kafka;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public synchronized void start() {
        if (!enabled) {
            log.info("Outbox relay disabled (backstop.capture.enabled=false): entries wait for another replica");
            return;
        }
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            }
            catch (InterruptedException e) {
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
        try (Producer<String, byte[]> producer = new KafkaProducer<>(producerConfig())) {
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
                    int published = publishOnce(producer);
                    lastSuccess = clock.instant();
                    consecutiveFailures = 0;
                    if (published == 0) {
                        Thread.sleep(config.pollInterval().toMillis());
                    }
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                catch (RuntimeException e) {
                    consecutiveFailures++;
                    lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                    long backoff = Math.min(30_000, 500L << Math.min(consecutiveFailures, 6));
                    log.warn("Outbox relay pass failed (attempt {} in a row), retrying in {} ms: {}",
                            consecutiveFailures, backoff, lastError);
                    try {
                        Thread.sleep(backoff);
                    }
                    catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** One pass: send READY entries in seq order, wait for the acks, delete the acknowledged prefix. */
    int publishOnce(Producer<String, byte[]> producer) throws InterruptedException {
        List<OutboxEntry> batch = store.ready(config.batchSize());
        if (batch.isEmpty()) {
            return 0;
        }
        long now = clock.millis();
        List<List<Future<RecordMetadata>>> sends = new ArrayList<>(batch.size());
        for (OutboxEntry entry : batch) {
            List<Future<RecordMetadata>> futures = new ArrayList<>(2);
            try (var scope = ChangeRequestIds.open(requestId(entry))) {
                for (CaptureRecord r : ChangeEvents.toRecords(entry, now)) {
                    byte[] value = r.value() == null ? null : Json.write(r.value());
                    futures.add(producer.send(new ProducerRecord<>(r.topic(), r.key(), value)));
                }
                log.debug("Sent outbox entry {} ({} {}/{})", entry.txId(), entry.op(), entry.collection(), entry.documentId());
            }
            sends.add(futures);
        }
        producer.flush();
        List<String> acknowledged = new ArrayList<>(batch.size());
        RuntimeException failure = null;
        outer:
        for (int i = 0; i < batch.size(); i++) {
            for (Future<RecordMetadata> f : sends.get(i)) {
                try {
                    f.get(SEND_TIMEOUT_S, TimeUnit.SECONDS);
                }
                catch (ExecutionException | TimeoutException e) {
                    failure = new IllegalStateException("publishing outbox entry " + batch.get(i).txId() + " failed: "
                            + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
                    try (var scope = ChangeRequestIds.open(requestId(batch.get(i)))) {
                        log.warn("Outbox entry {} not acknowledged; it and the entries after it are sent again next pass",
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

    private Map<String, Object> producerConfig() {
        Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // one request in flight (service-support's default): order within a partition survives any retry
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        // with one request in flight, a request carries more: a restore's burst is still a few requests
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "catalog-outbox-relay");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return props;
    }
}
