package io.backstop.catalog.capture.debezium;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoDatabase;

import io.backstop.catalog.CatalogProperties;
import io.backstop.catalog.capture.CaptureMetrics;
import io.backstop.catalog.capture.CaptureProperties;
import io.backstop.contracts.Json;
import io.backstop.outbox.CaptureRecord;
import io.debezium.engine.DebeziumEngine;

/**
 * Debezium mode: the embedded engine with the MongoDB connector reads change streams and this class publishes
 * the converted records to the capture topics. Only the replica holding the lease runs the engine.
 *
 * <p>Offsets are committed to the engine only after the broker acknowledged our records, so a crash
 * re-delivers (at least once; consumers deduplicate by position) and never skips. When the resume token is
 * gone (the oplog moved past it: ChangeStreamHistoryLost, InvalidResumeToken), the engine is not restarted
 * and nothing is re-snapshotted: the health turns DOWN and one loud log line says what to do.
 */
@Component
@ConditionalOnProperty(name = "backstop.capture.mode", havingValue = "debezium")
public class DebeziumCapture implements SmartLifecycle {

    static final String RESUME_TOKEN_LOST_LOG = "CAPTURE STOPPED: the MongoDB resume token is no longer in the oplog";
    private static final Logger log = LoggerFactory.getLogger(DebeziumCapture.class);
    private static final int MAX_RESTARTS = 10;

    enum State { STANDBY, RUNNING, RESUME_TOKEN_LOST, FAILED, STOPPED }

    private final CaptureProperties properties;
    private final MongoDatabase catalogDatabase;
    private final LeaseLock lease;
    private final Properties engineConfig;
    private final Map<String, Object> producerConfig;
    private final CaptureMetrics metrics;
    private volatile State state = State.STOPPED;
    private volatile String lastError;
    private volatile int restarts;
    private ScheduledExecutorService scheduler;
    private ExecutorService engineThread;
    private volatile DebeziumEngine<io.debezium.engine.ChangeEvent<String, String>> engine;
    private volatile Producer<String, byte[]> producer;
    /** Counted down by the engine's first batch (a heartbeat at the latest): from then on every write is captured. */
    private final CountDownLatch streaming = new CountDownLatch(1);

    public DebeziumCapture(CaptureProperties properties, CatalogProperties catalog, MongoDatabase catalogDatabase,
                           MongoProperties mongo, KafkaProperties kafka, Clock clock, CaptureMetrics metrics) {
        this.properties = properties;
        this.catalogDatabase = catalogDatabase;
        this.metrics = metrics;
        CaptureProperties.Debezium config = properties.debezium();
        this.lease = new LeaseLock(catalogDatabase, config.engineName(), ManagementFactory.getRuntimeMXBean().getName(),
                UUID.randomUUID().toString(), config.leaseStale(), clock);
        this.engineConfig = DebeziumConfig.build(config, mongo.getUri(), catalog.database(), kafka.buildAdminProperties());
        this.producerConfig = new HashMap<>(kafka.buildProducerProperties());
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "catalog-debezium-capture");
    }

    State state() {
        return state;
    }

    String lastError() {
        return lastError;
    }

    String leaseOwner() {
        return lease.owner();
    }

    /**
     * Waits until this replica's engine reads the change stream. On a first start (no offsets) the engine begins
     * at the time it starts, so what is written before is not captured: the demo seed waits for this.
     *
     * @return false when the time ran out (the engine runs elsewhere, or has not started)
     */
    public boolean awaitStreaming(Duration timeout) throws InterruptedException {
        return streaming.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled()) {
            log.info("Debezium capture disabled on this replica (backstop.capture.enabled=false)");
            return;
        }
        state = State.STANDBY;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "debezium-lease"));
        engineThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "debezium-engine"));
        long renewMs = properties.debezium().leaseRenew().toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, 0, renewMs, TimeUnit.MILLISECONDS);
    }

    /** Every lease period: take the lease when free, renew it while running, stop the engine when lost. */
    private synchronized void tick() {
        try {
            switch (state) {
                case STANDBY -> {
                    if (lease.tryAcquire()) {
                        startEngine();
                    }
                }
                case RUNNING -> {
                    if (!lease.renew()) {
                        log.warn("Debezium capture lease taken over by another replica; stopping the engine here");
                        stopEngine();
                        state = State.STANDBY;
                    }
                }
                default -> {
                    // RESUME_TOKEN_LOST / FAILED: keep the lease so no other replica silently starts over
                    lease.renew();
                }
            }
        }
        catch (RuntimeException e) {
            lastError = e.toString();
            log.warn("Debezium capture lease check failed: {}", e.toString());
        }
    }

    private void startEngine() {
        PreImages.enable(catalogDatabase);
        producer = new KafkaProducer<>(producerConfig);
        engine = DebeziumEngine.create(io.debezium.engine.format.Json.class)
                .using(engineConfig)
                .notifying(this::handleBatch)
                .using(this::completed)
                .build();
        state = State.RUNNING;
        engineThread.execute(engine);
        log.info("Debezium capture engine started (lease held by {})", lease.owner());
    }

    /** Publish, wait for the acks, then commit the offsets: a crash re-delivers, never skips. */
    private void handleBatch(List<io.debezium.engine.ChangeEvent<String, String>> records,
                             DebeziumEngine.RecordCommitter<io.debezium.engine.ChangeEvent<String, String>> committer)
            throws InterruptedException {
        streaming.countDown();
        List<Future<RecordMetadata>> sends = new java.util.ArrayList<>();
        List<Long> sourceTimes = new java.util.ArrayList<>();
        for (var record : records) {
            DebeziumEventConverter.convert(record.destination(), record.key(), record.value()).ifPresent(r -> {
                sends.add(producer.send(toProducerRecord(r)));
                if (r.value() != null) {
                    sourceTimes.add(r.value().source().tsMs());
                }
            });
        }
        producer.flush();
        for (Future<RecordMetadata> f : sends) {
            try {
                f.get(60, TimeUnit.SECONDS);
            }
            catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // no offset committed: the engine stops and the batch is delivered again after the restart
                throw new IllegalStateException("publishing a captured change failed", e);
            }
        }
        sourceTimes.forEach(metrics::acknowledged);
        for (var record : records) {
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
    }

    private static ProducerRecord<String, byte[]> toProducerRecord(CaptureRecord r) {
        return new ProducerRecord<>(r.topic(), r.key(), r.value() == null ? null : Json.write(r.value()));
    }

    private synchronized void completed(boolean success, String message, Throwable error) {
        if (state != State.RUNNING) {
            return; // stopped on purpose
        }
        String text = message + (error == null ? "" : " " + error);
        lastError = text;
        if (ResumeTokens.isLost(message, error)) {
            state = State.RESUME_TOKEN_LOST;
            log.error("{}. Nothing was re-snapshotted and capture stays stopped: changes made since the last "
                    + "captured event are NOT in the audit trail. Take a full backup now, then clear the offsets "
                    + "in topic '{}' for engine '{}' to resume from the present. Cause: {}", RESUME_TOKEN_LOST_LOG,
                    properties.debezium().offsetTopic(), properties.debezium().engineName(), text);
            closeProducer();
            return;
        }
        if (++restarts > MAX_RESTARTS) {
            state = State.FAILED;
            log.error("Debezium capture engine failed {} times in a row; giving up until restart: {}", MAX_RESTARTS, text);
            closeProducer();
            return;
        }
        log.warn("Debezium capture engine stopped (attempt {} of {}), restarting at the next lease tick: {}",
                restarts, MAX_RESTARTS, text);
        closeProducer();
        state = State.STANDBY;
    }

    @Override
    public synchronized void stop() {
        State was = state;
        state = State.STOPPED;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (was == State.RUNNING) {
            stopEngine();
        }
        if (engineThread != null) {
            engineThread.shutdownNow();
        }
        if (was != State.STOPPED) {
            lease.release();
        }
    }

    private void stopEngine() {
        DebeziumEngine<?> e = engine;
        if (e != null) {
            try {
                e.close();
            }
            catch (IOException ex) {
                log.warn("closing the Debezium engine failed: {}", ex.toString());
            }
        }
        closeProducer();
    }

    private void closeProducer() {
        Producer<String, byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(10));
            producer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return state != State.STOPPED;
    }
}
