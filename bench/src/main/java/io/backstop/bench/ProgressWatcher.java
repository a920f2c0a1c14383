package io.backstop.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.backstop.contracts.Json;
import io.backstop.contracts.ProgressEvent;
import io.backstop.contracts.Topics;

/**
 * Reads the progress topic, as the gateway does, so a benchmark can time the phases of an operation from the
 * service's own events instead of from polling.
 */
final class ProgressWatcher implements AutoCloseable {

    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean assigned;

    ProgressWatcher(String bootstrap) {
        thread = new Thread(() -> run(bootstrap), "progress-watcher");
        thread.setDaemon(true);
        thread.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!assigned && System.currentTimeMillis() < deadline) {
            Bench.sleep(100);
        }
    }

    private void run(String bootstrap) {
        try (var consumer = new KafkaConsumer<String, byte[]>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-progress-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "latest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.OPS_PROGRESS));
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                if (!consumer.assignment().isEmpty()) {
                    assigned = true;
                }
                records.forEach(r -> events.add(Json.read(r.value(), ProgressEvent.class)));
            }
        }
    }

    /** Waits for the operation's completed or failed event; returns all its events in order. */
    List<ProgressEvent> awaitEnd(String operationId, Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<ProgressEvent> of = of(operationId);
            if (of.stream().anyMatch(ProgressEvent::terminal)) {
                return of;
            }
            Bench.sleep(50);
        }
        throw new TimeoutException(
                "operation " + operationId + " did not end within " + timeout + "; saw " + of(operationId));
    }

    /** A position in the stream of events, to look for operations that start after it. */
    int mark() {
        return events.size();
    }

    /** Waits for the first operation of a kind that started after {@code mark}. */
    String awaitStart(String kind, int mark, Duration timeout) throws TimeoutException {
        int seen = mark;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProgressEvent> e = events.subList(seen, events.size()).stream()
                    .filter(p -> p.kind().equals(kind))
                    .findFirst();
            if (e.isPresent()) {
                return e.get().operationId();
            }
            Bench.sleep(50);
        }
        throw new TimeoutException("no " + kind + " operation started within " + timeout);
    }

    List<ProgressEvent> of(String operationId) {
        List<ProgressEvent> of = new ArrayList<>();
        events.stream().filter(e -> e.operationId().equals(operationId)).forEach(of::add);
        return of;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
