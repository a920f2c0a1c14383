package io.backstop.bench;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
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
 * down and hide its own latency). Writes and entries are matched by the request id.
 *
 * <p>Both ends are read off the services' clocks, never this JVM's: it also runs the embedded MongoDB, and under
 * load its HTTP client took the responses in later than audit-service published their entries, so half of the
 * latencies came out negative. The start is the write's {@code changedAt}, stamped by catalog-service before it
 * writes and answers; the end is the timestamp of the entry's {@code audit.events} record, which audit-service sends
 * only after storing the entry. Both lie on the far side of the API's response and the entry's visibility, so
 * each figure is an upper bound of the time from the response to the entry showing in the audit API.
 */
final class AuditLatencyBench {

    private static final String NAME = "audit pipeline";

    private final Report report;
    private final EmbeddedStack stack;
    // a session, as the admin UI has: HTTP Basic would make the gateway check a BCrypt hash on every write,
    // which on two cores costs more than the whole pipeline being measured
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .cookieHandler(cookies)
            .executor(Executors.newFixedThreadPool(16, r -> {
                // daemon: a pool thread left waiting must not keep the benchmark's JVM alive after its results
                Thread t = new Thread(r, "bench-http");
                t.setDaemon(true);
                return t;
            }))
            .build();
    private String csrfToken;
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> latencyMs = new ConcurrentHashMap<>();
    private volatile boolean consuming = true;
    private volatile boolean assigned;

    AuditLatencyBench(Report report, EmbeddedStack stack) {
        this.report = report;
        this.stack = stack;
    }

    void run(Duration warmUp, int steadyRate, Duration steadyFor, List<Integer> stepRates, Duration stepFor)
            throws Exception {
        String modelId = parentModel();
        logIn("editor", "editor");
        awaitNoBacklog(Duration.ofMinutes(5));
        Thread consumer = new Thread(this::consume, "audit-events-consumer");
        consumer.setDaemon(true);
        consumer.start();
        while (!assigned) {
            Bench.sleep(100);
        }
        try {
            // ascending steps first: an offered rate the system cannot take leaves a backlog that would spoil
            // every later step, so the steady run at the 200/s comes last
            // the services' JIT compilers need the first minute of load; a step measured during it would
            // report compilation, not the pipeline. The warm-up is kept in the details, not judged.
            Map<String, Object> steps = new LinkedHashMap<>();
            if (warmUp.toSeconds() > 0) {
                steps.put(
                        "warm-up at 50/s (not judged)",
                        step(modelId, 50, warmUp).details());
                awaitNoBacklog(Duration.ofMinutes(5));
            }
            int best = 0;
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
        } finally {
            consuming = false;
            consumer.join(5000);
        }
    }

    private Step step(String modelId, int rate, Duration duration) {
        int total = (int) (rate * duration.toSeconds());
        AtomicInteger errors = new AtomicInteger();
        Map<String, Integer> errorKinds = new ConcurrentHashMap<>();
        AtomicInteger completed = new AtomicInteger();
        List<String> ids = new java.util.ArrayList<>(total);
        long periodNanos = 1_000_000_000L / rate;
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        long t0 = System.nanoTime();
        scheduler.scheduleAtFixedRate(
                () -> {
                    int n = sent.getAndIncrement();
                    if (n >= total) {
                        return;
                    }
                    String requestId = "bench-" + rate + "-" + n + "-"
                            + UUID.randomUUID().toString().substring(0, 8);
                    synchronized (ids) {
                        ids.add(requestId);
                    }
                    http.sendAsync(create(modelId, requestId), HttpResponse.BodyHandlers.discarding())
                            .whenComplete((r, e) -> {
                                if (e != null || r.statusCode() != 201) {
                                    errors.incrementAndGet();
                                    errorKinds.merge(
                                            e != null
                                                    ? rootCause(e).getClass().getSimpleName()
                                                    : "HTTP " + r.statusCode(),
                                            1,
                                            Integer::sum);
                                } else {
                                    answered.add(requestId);
                                }
                                completed.incrementAndGet();
                            });
                },
                0,
                periodNanos,
                TimeUnit.NANOSECONDS);
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
        while (System.nanoTime() < deadline
                && ids.stream().anyMatch(id -> answered.contains(id) && !latencyMs.containsKey(id))) {
            Bench.sleep(100);
        }
        Histogram latency = new Histogram(3_600_000L, 3);
        int missing = 0;
        for (String id : ids) {
            if (!answered.contains(id)) {
                continue;
            }
            Long ms = latencyMs.get(id);
            if (ms == null) {
                missing++;
                continue;
            }
            latency.recordValue(ms);
        }
        if (unanswered > 0) {
            errorKinds.put("unanswered after 120 s", unanswered);
        }
        return new Step(
                rate,
                total,
                errors.get() + unanswered,
                new java.util.TreeMap<>(errorKinds),
                missing,
                sendSeconds,
                latency);
    }

    private HttpRequest create(String modelId, String requestId) {
        String body = "{\"modelId\":\"" + modelId + "\",\"name\":\"bench " + requestId + "\",\"fuel\":\"petrol\","
                + "\"powerHp\":200,\"torqueNm\":320,\"displacementCc\":1984,"
                + "\"stages\":[{\"stage\":1,\"powerHp\":240,\"torqueNm\":380,\"priceEur\":490}]}";
        return HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/catalog/engines"))
                .timeout(Duration.ofSeconds(30))
                .header("X-XSRF-TOKEN", csrfToken)
                .header("Content-Type", "application/json")
                .header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /**
     * As the UI does: GET /api/csrf for a token, POST /login with it; from then on the session cookie rides along
     * and the (new) CSRF token goes in a header.
     */
    private void logIn(String user, String password) throws Exception {
        http.send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/csrf"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/login"))
                        .header("Content-Type", "application/json")
                        .header("X-XSRF-TOKEN", csrfCookie())
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "cannot log in as " + user + ": " + response.statusCode() + " " + response.body());
        }
        csrfToken = csrfCookie();
    }

    private String csrfCookie() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the gateway set no XSRF-TOKEN cookie"));
    }

    /**
     * Until audit-service has materialized everything captured so far (the demo seed's changes, the benchmark's
     * brand and model): a step must not start behind a backlog it did not create.
     */
    private void awaitNoBacklog(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            long lag = Long.MAX_VALUE;
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("audit-service")
                        .partitionsToOffsetAndMetadata()
                        .get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(Topics.captureTopics())
                        .allTopicNames()
                        .get()
                        .values()
                        .forEach(t -> t.partitions()
                                .forEach(p ->
                                        latest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
                var ends = admin.listOffsets(latest).all().get();
                lag = 0;
                for (var e : ends.entrySet()) {
                    OffsetAndMetadata done = committed.get(e.getKey());
                    lag += e.getValue().offset() - (done == null ? 0 : done.offset());
                }
                if (lag == 0) {
                    return;
                }
                Bench.sleep(500);
            }
            throw new IllegalStateException("audit-service still " + lag + " records behind after " + timeout);
        }
    }

    private void consume() {
        try (var consumer = new KafkaConsumer<String, byte[]>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.kafkaBootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-latency-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "latest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT_EVENTS));
            while (consuming) {
                var records = consumer.poll(Duration.ofMillis(20));
                if (!consumer.assignment().isEmpty()) {
                    assigned = true;
                }
                records.forEach(r -> {
                    AuditEvent event = Json.read(r.value(), AuditEvent.class);
                    if (event.requestId() != null && event.changedAt() != null) {
                        // the same machine's wall clock on both sides; a step of it backwards would show as 0
                        latencyMs.putIfAbsent(
                                event.requestId(),
                                Math.max(0, r.timestamp() - event.changedAt().toEpochMilli()));
                    }
                });
            }
        }
    }

    private String parentModel() {
        GatewayClient editor = GatewayClient.as(stack.gatewayUrl(), "editor", "editor");
        GatewayClient.Response brand =
                editor.post("/api/catalog/brands", Map.of("name", "Bench Motors " + UUID.randomUUID()));
        if (brand.status() != 201) {
            throw new IllegalStateException("cannot create the benchmark's brand: " + brand);
        }
        GatewayClient.Response model = editor.post(
                "/api/catalog/models",
                Map.of("brandId", brand.json().get("id").asString(), "name", "Bench", "yearFrom", 2020));
        if (model.status() != 201) {
            throw new IllegalStateException("cannot create the benchmark's model: " + model);
        }
        return model.json().get("id").asString();
    }

    private static Throwable rootCause(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e;
    }

    private record Step(
            int rate,
            int sent,
            int errors,
            Map<String, Integer> errorKinds,
            int missing,
            double sendSeconds,
            Histogram latency) {

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
            d.put("errorKinds", errorKinds);
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
