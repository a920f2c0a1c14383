package io.backstop.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.backstop.contracts.AuditEvent;
import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;
import io.backstop.stack.EmbeddedStack;
import io.backstop.stack.GatewayClient;

/**
 * End-to-end latency of the audit pipeline: from the catalog API's response to the entry being materialized.
 *
 * <p>Writes are creates through the gateway at a fixed rate (open loop, so a slow system cannot slow the load
 * down and hide its own latency). An entry is taken as visible when audit-service publishes it on
 * {@code audit.events}, which it does only after storing it, so the figure is an upper bound of the time until
 * the audit API can show it. Writes and entries are matched by the request id.
 */
final class AuditLatencyBench {

    private static final String NAME = "audit pipeline";

    private final Report report;
    private final EmbeddedStack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(16)).build();
    private final String authorization = "Basic " + Base64.getEncoder()
            .encodeToString("editor:editor".getBytes(StandardCharsets.UTF_8));
    private final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
    private final Map<String, Long> materializedAt = new ConcurrentHashMap<>();
    private volatile boolean consuming = true;
    private volatile boolean assigned;

    AuditLatencyBench(Report report, EmbeddedStack stack) {
        this.report = report;
        this.stack = stack;
    }

    void run(int steadyRate, Duration steadyFor, List<Integer> stepRates, Duration stepFor) throws Exception {
        String modelId = parentModel();
        Thread consumer = new Thread(this::consume, "audit-events-consumer");
        consumer.setDaemon(true);
        consumer.start();
        while (!assigned) {
            Bench.sleep(100);
        }
        try {
            // ascending steps first: an offered rate the system cannot take leaves a backlog that would spoil
            // every later step, so the steady run at the 200/s comes last
            int best = 0;
            Map<String, Object> steps = new LinkedHashMap<>();
            for (int rate : stepRates) {
                Step s = step(modelId, rate, stepFor);
                steps.put(rate + "/s", s.details());
                if (!s.sustained(rate)) {
                    break;
                }
                best = rate;
            }
            report.add(Measurement.figure(NAME, "highest sustained rate with p99 < 1 s", best, "writes/s", steps));

            Step steady = step(modelId, steadyRate, steadyFor);
            Map<String, Object> details = steady.details();
            report.add(Measurement.figure(NAME, "p50 at " + steadyRate + " writes/s", steady.p(50), "ms", details));
            report.add(Measurement.figure(NAME, "p95 at " + steadyRate + " writes/s", steady.p(95), "ms", details));
            report.add(Measurement.figure(NAME, "p99 at " + steadyRate + " writes/s", steady.p(99), "ms", details));
        }
        finally {
            consuming = false;
            consumer.join(5000);
        }
    }

    private Step step(String modelId, int rate, Duration duration) {
        int total = (int) (rate * duration.toSeconds());
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        List<String> ids = new java.util.ArrayList<>(total);
        long periodNanos = 1_000_000_000L / rate;
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        long t0 = System.nanoTime();
        scheduler.scheduleAtFixedRate(() -> {
            int n = sent.getAndIncrement();
            if (n >= total) {
                return;
            }
            String requestId = "bench-" + rate + "-" + n + "-" + UUID.randomUUID().toString().substring(0, 8);
            synchronized (ids) {
                ids.add(requestId);
            }
            http.sendAsync(create(modelId, requestId), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() != 201) {
                    errors.incrementAndGet();
                }
                else {
                    answeredAt.put(requestId, System.nanoTime());
                }
                completed.incrementAndGet();
            });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        while (sent.get() < total) {
            Bench.sleep(50);
        }
        scheduler.shutdownNow();
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        // every write answered (or failed) first: only then is "not yet materialized" a meaningful state
        long answerDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (completed.get() < total && System.nanoTime() < answerDeadline) {
            Bench.sleep(50);
        }
        int unanswered = total - completed.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && ids.stream().anyMatch(id -> answeredAt.containsKey(id) && !materializedAt.containsKey(id))) {
            Bench.sleep(100);
        }
        Histogram latency = new Histogram(3_600_000L, 3);
        int missing = 0;
        for (String id : ids) {
            Long answered = answeredAt.get(id);
            Long materialized = materializedAt.get(id);
            if (answered == null) {
                continue;
            }
            if (materialized == null) {
                missing++;
                continue;
            }
            latency.recordValue(Math.max(0, (materialized - answered) / 1_000_000));
        }
        return new Step(rate, total, errors.get() + unanswered, missing, sendSeconds, latency);
    }

    private HttpRequest create(String modelId, String requestId) {
        String body = "{\"modelId\":\"" + modelId + "\",\"name\":\"bench " + requestId + "\",\"fuel\":\"petrol\","
                + "\"powerHp\":200,\"torqueNm\":320,\"displacementCc\":1984,"
                + "\"stages\":[{\"stage\":1,\"powerHp\":240,\"torqueNm\":380,\"priceEur\":490}]}";
        return HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/catalog/engines"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private void consume() {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-latency-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT_EVENTS));
            while (consuming) {
                var records = consumer.poll(Duration.ofMillis(20));
                long now = System.nanoTime();
                if (!consumer.assignment().isEmpty()) {
                    assigned = true;
                }
                records.forEach(r -> {
                    AuditEvent event = Json.read(r.value(), AuditEvent.class);
                    if (event.requestId() != null) {
                        materializedAt.putIfAbsent(event.requestId(), now);
                    }
                });
            }
        }
    }

    private String parentModel() {
        GatewayClient editor = GatewayClient.as(stack.gatewayUrl(), "editor", "editor");
        GatewayClient.Response brand = editor.post("/api/catalog/brands", Map.of("name", "Bench Motors " + UUID.randomUUID()));
        if (brand.status() != 201) {
            throw new IllegalStateException("cannot create the benchmark's brand: " + brand);
        }
        GatewayClient.Response model = editor.post("/api/catalog/models",
                Map.of("brandId", brand.json().get("id").asString(), "name", "Bench", "yearFrom", 2020));
        if (model.status() != 201) {
            throw new IllegalStateException("cannot create the benchmark's model: " + model);
        }
        return model.json().get("id").asString();
    }

    private record Step(int rate, int sent, int errors, int missing, double sendSeconds, Histogram latency) {

        double p(double percentile) {
            return latency.getValueAtPercentile(percentile);
        }

        /** Kept up: every write answered and materialized, p99 under a second, the rate actually offered. */
        boolean sustained(int target) {
            return errors == 0 && missing == 0 && p(99) < 1000 && sent / sendSeconds >= 0.95 * target;
        }

        Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("offeredRate", rate);
            d.put("sent", sent);
            d.put("errors", errors);
            d.put("notMaterializedWithin60s", missing);
            d.put("measured", latency.getTotalCount());
            d.put("p50ms", p(50));
            d.put("p95ms", p(95));
            d.put("p99ms", p(99));
            d.put("maxMs", latency.getMaxValue());
            return d;
        }
    }
}
