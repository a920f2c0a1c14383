package io.backstop.catalog.capture.debezium;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskExecutor;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoDatabase;

import io.debezium.engine.DebeziumEngine;

import io.backstop.catalog.CatalogProperties;
import io.backstop.catalog.capture.CaptureMetrics;
import io.backstop.catalog.capture.CaptureProperties;
import io.backstop.contracts.Json;
import io.backstop.outbox.CaptureRecord;

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

    enum State {
        STANDBY,
        RUNNING,
        RESUME_TOKEN_LOST,
        FAILED,
        STOPPED
    }

    private final CaptureProperties properties;
    private final MongoDatabase catalogDatabase;
    private final LeaseLock lease;
    private final Properties engineConfig;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ProducerFactory<String, byte[]> producers;
    private final CaptureMetrics metrics;
    private final TaskScheduler leaseTicks;
    private final TaskExecutor engineThread;
    private volatile State state = State.STOPPED;
    private volatile String lastError;
    private volatile int restarts;
    private ScheduledFuture<?> ticking;
    private volatile DebeziumEngine<io.debezium.engine.ChangeEvent<String, String>> engine;
    /** Counted down by the engine's first batch (a heartbeat at the latest): from then on every write is captured. */
    private final CountDownLatch streaming = new CountDownLatch(1);

    public DebeziumCapture(
            CaptureProperties properties,
            CatalogProperties catalog,
            MongoDatabase catalogDatabase,
            MongoProperties mongo,
            KafkaProperties kafkaProperties,
            KafkaTemplate<String, byte[]> kafka,
            Clock clock,
            CaptureMetrics metrics,
            TaskScheduler debeziumLeaseTicks,
            TaskExecutor debeziumEngineThread) {
        this.properties = properties;
        this.catalogDatabase = catalogDatabase;
        this.metrics = metrics;
        this.kafka = kafka;
        this.producers = kafka.getProducerFactory();
        this.leaseTicks = debeziumLeaseTicks;
        this.engineThread = debeziumEngineThread;
        CaptureProperties.Debezium config = properties.debezium();
        this.lease = new LeaseLock(
                catalogDatabase,
                config.engineName(),
                ManagementFactory.getRuntimeMXBean().getName(),
                UUID.randomUUID().toString(),
                config.leaseStale(),
                clock);
        this.engineConfig = DebeziumConfig.build(
                config, mongo.getUri(), catalog.database(), kafkaProperties.buildAdminProperties());
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
        ticking = leaseTicks.scheduleWithFixedDelay(
                this::tick, properties.debezium().leaseRenew());
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
        } catch (RuntimeException e) {
            lastError = e.toString();
            log.warn("Debezium capture lease check failed: {}", e.toString());
        }
    }

    private void startEngine() {
        PreImages.enable(catalogDatabase);
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
    private void handleBatch(
            List<io.debezium.engine.ChangeEvent<String, String>> records,
            DebeziumEngine.RecordCommitter<io.debezium.engine.ChangeEvent<String, String>> committer)
            throws InterruptedException {
        streaming.countDown();
        List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>();
        List<Long> sourceTimes = new ArrayList<>();
        for (var record : records) {
            DebeziumEventConverter.convert(record.destination(), record.key(), record.value())
                    .ifPresent(r -> {
                        sends.add(kafka.send(toProducerRecord(r)));
                        if (r.value() != null) {
                            sourceTimes.add(r.value().source().tsMs());
                        }
                    });
        }
        kafka.flush();
        for (CompletableFuture<SendResult<String, byte[]>> f : sends) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
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
            log.error(
                    "{}. Nothing was re-snapshotted and capture stays stopped: changes made since the last "
                            + "captured event are NOT in the audit trail. Take a full backup now, then clear the offsets "
                            + "in topic '{}' for engine '{}' to resume from the present. Cause: {}",
                    RESUME_TOKEN_LOST_LOG,
                    properties.debezium().offsetTopic(),
                    properties.debezium().engineName(),
                    text);
            closeProducer();
            return;
        }
        if (++restarts > MAX_RESTARTS) {
            state = State.FAILED;
            log.error(
                    "Debezium capture engine failed {} times in a row; giving up until restart: {}",
                    MAX_RESTARTS,
                    text);
            closeProducer();
            return;
        }
        log.warn(
                "Debezium capture engine stopped (attempt {} of {}), restarting at the next lease tick: {}",
                restarts,
                MAX_RESTARTS,
                text);
        closeProducer();
        state = State.STANDBY;
    }

    @Override
    public synchronized void stop() {
        State was = state;
        state = State.STOPPED;
        if (ticking != null) {
            ticking.cancel(false);
        }
        if (was == State.RUNNING) {
            // close() makes the engine's run() return, so the engine thread's pool can then shut down gracefully
            stopEngine();
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
            } catch (IOException ex) {
                log.warn("closing the Debezium engine failed: {}", ex.toString());
            }
        }
        closeProducer();
    }

    /** A stopped engine's producer is not reused: the next engine starts with a fresh one (new producer id). */
    private void closeProducer() {
        producers.reset();
    }

    @Override
    public boolean isRunning() {
        return state != State.STOPPED;
    }
}
