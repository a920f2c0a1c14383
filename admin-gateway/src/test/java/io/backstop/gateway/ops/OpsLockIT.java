package io.backstop.gateway.ops;

import static io.backstop.gateway.ops.ProgressFeed.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.backstop.gateway.SessionStore;
import io.backstop.gateway.StubService;
import io.backstop.infra.KafkaBroker;

/** The global lock fed by a real broker: lock state, the event stream, refusals, and clearing. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "backstop.gateway.ops.stale-after=3s")
@ActiveProfiles("embedded")
class OpsLockIT {

    private static final KafkaBroker broker = KafkaBroker.shared();
    private static final StubService catalog = new StubService();
    private static final StubService backup = new StubService();
    private static final ProgressFeed feed;

    static {
        ProgressFeed.createTopic(broker);
        feed = new ProgressFeed(broker);
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SessionStore.register(registry);
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
        registry.add("backstop.gateway.services.catalog", () -> catalog.uri().toString());
        registry.add("backstop.gateway.services.backup", () -> backup.uri().toString());
    }

    @AfterAll
    static void close() {
        feed.close();
    }

    @BeforeEach
    void ready() {
        ProgressFeed.awaitAssigned(listeners);
        catalog.reset();
        backup.reset();
        backup.respondWith(StubService.json(200, "{\"held\":false}"));
    }

    private HttpResponse<String> call(String method, String path, String user) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes()))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        method.equals("GET")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String lockJson() throws Exception {
        return call("GET", "/api/ops/lock", "viewer").body();
    }

    private void awaitLock(String expectedFragment) {
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(lockJson()).contains(expectedFragment));
    }

    @Test
    void lockFollowsTheOperationFromStartToCompletion() throws Exception {
        feed.send(event("op-backup-1", "backup", "started", 0, "starting", null, true));
        awaitLock("\"operationId\":\"op-backup-1\"");
        assertThat(lockJson())
                .contains("\"locked\":true")
                .contains("\"kind\":\"backup\"")
                .contains("\"startedBy\":\"admin\"")
                .contains("\"startedAt\":\"2026-11-26T10:00:00Z\"");

        feed.send(event("op-backup-1", "backup", "running", 40, "dumping engines", null, true));
        awaitLock("\"percent\":40");
        assertThat(lockJson()).contains("dumping engines");

        feed.send(event("op-backup-1", "backup", "completed", 100, "done", null, true));
        awaitLock("\"locked\":false");
    }

    @Test
    void failureReleasesTheLock() throws Exception {
        feed.send(event("op-restore-f", "restore", "started", 0, "starting", null, true));
        awaitLock("op-restore-f");

        feed.send(event("op-restore-f", "restore", "failed", 30, "aborted", "checksum mismatch", true));

        awaitLock("\"locked\":false");
    }

    @Test
    void nonBlockingOperationsDoNotLock() throws Exception {
        feed.send(event("op-verify", "verify", "started", 0, "verifying", null, false));
        feed.send(event("op-marker", "backup", "started", 0, "marker", null, true));
        awaitLock("op-marker");
        assertThat(lockJson()).doesNotContain("op-verify");
        feed.send(event("op-marker", "backup", "completed", 100, "done", null, true));
        awaitLock("\"locked\":false");
    }

    @Test
    void catalogWritesAndRollbacksGet423WhileARestoreRuns() throws Exception {
        feed.send(event("op-restore-1", "restore", "running", 10, "restoring", null, true));
        awaitLock("op-restore-1");

        HttpResponse<String> write = call("PUT", "/api/catalog/engines/e1", "editor");
        HttpResponse<String> rollback = call("POST", "/api/audit/engines/e1/rollback", "editor");

        assertThat(write.statusCode()).isEqualTo(423);
        assertThat(write.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(write.body()).contains("restore").contains("op-restore-1").contains("started by admin");
        assertThat(rollback.statusCode()).isEqualTo(423);
        assertThat(catalog.receivedNothing()).isTrue();
        assertThat(call("GET", "/api/catalog/engines", "viewer").statusCode()).isEqualTo(200);

        feed.send(event("op-restore-1", "restore", "completed", 100, "done", null, true));
        awaitLock("\"locked\":false");
        assertThat(call("PUT", "/api/catalog/engines/e1", "editor").statusCode())
                .isEqualTo(200);
    }

    @Test
    void backupOperationsGet409WhileAnotherRuns() throws Exception {
        feed.send(event("op-backup-2", "backup", "running", 50, "dumping", null, true));
        awaitLock("op-backup-2");

        assertThat(call("POST", "/api/backups", "admin").statusCode()).isEqualTo(409);
        assertThat(call("POST", "/api/backups/b-1/restore", "admin").statusCode())
                .isEqualTo(409);
        assertThat(call("POST", "/api/backups/pitr", "admin").statusCode()).isEqualTo(409);
        assertThat(call("POST", "/api/backups/cleanup", "admin").body()).contains("op-backup-2");
        assertThat(call("DELETE", "/api/backups/b-1", "admin").statusCode()).isEqualTo(409);
        // reading and pinning do not conflict
        assertThat(call("GET", "/api/backups", "viewer").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/backups/b-1/pin", "admin").statusCode()).isEqualTo(200);

        feed.send(event("op-backup-2", "backup", "completed", 100, "done", null, true));
        awaitLock("\"locked\":false");
    }

    @Test
    void eventStreamSendsTheCurrentStateOnConnectThenEveryEvent() throws Exception {
        feed.send(event("op-sse", "restore", "running", 20, "restoring brands", null, true));
        awaitLock("op-sse");

        try (EventStream stream = new EventStream(port)) {
            SseEvent first = stream.next();
            assertThat(first.name()).isEqualTo("lock");
            assertThat(first.id()).isNotBlank();
            assertThat(first.data())
                    .contains("\"locked\":true")
                    .contains("op-sse")
                    .contains("restoring brands");

            feed.send(event("op-sse", "restore", "running", 60, "restoring engines", null, true));
            SseEvent progress = stream.nextNamed("progress");
            assertThat(progress.data()).contains("\"percent\":60").contains("restoring engines");
            assertThat(Long.parseLong(progress.id())).isGreaterThan(Long.parseLong(first.id()));

            feed.send(event("op-sse", "restore", "failed", 70, "aborted", "disk full", true));
            SseEvent failed = stream.nextNamed("progress");
            assertThat(failed.data()).contains("\"phase\":\"failed\"").contains("disk full");
            SseEvent released = stream.nextNamed("lock");
            assertThat(released.data()).contains("\"locked\":false");
        }
    }

    @Test
    void eventStreamNamesTheCatalogDocumentsThatGotANewVersion() throws Exception {
        try (EventStream stream = new EventStream(port)) {
            assertThat(stream.next().name()).isEqualTo("lock");

            feed.sendAudit("engines", "e-live", 8, "restore");
            SseEvent changed = stream.nextNamed("catalog");
            assertThat(changed.data())
                    .contains("\"collection\":\"engines\"")
                    .contains("\"documentId\":\"e-live\"")
                    .contains("\"version\":8")
                    .contains("\"action\":\"restore\"")
                    .contains("\"changedBy\":\"admin\"");
        }
    }

    @Test
    void aRestoreSizedBurstOfChangesIsSummarisedNotSentOneByOne() throws Exception {
        int burst = 3 * CatalogChangeListener.MAX_NAMED;
        try (EventStream stream = new EventStream(port)) {
            stream.next();
            for (int i = 0; i < burst; i++) {
                feed.sendAuditAsync("engines", "e-burst-" + i, 2, "restore");
            }
            feed.flush();
            int accounted = 0;
            int events = 0;
            while (accounted < burst) {
                var json = io.backstop.contracts.Json.MAPPER.readTree(
                        stream.nextNamed("catalog").data());
                assertThat(json.get("changes").size()).isLessThanOrEqualTo(CatalogChangeListener.MAX_NAMED);
                accounted += json.get("changes").size() + json.get("more").asInt();
                events++;
            }
            assertThat(accounted).isEqualTo(burst);
            assertThat(events).as("batched by poll, not one event per document").isLessThan(burst);
        }
    }

    @Test
    void unreadableRecordIsSkippedAndTheFeedGoesOn() throws Exception {
        feed.sendRaw("junk", "not json".getBytes(StandardCharsets.UTF_8));
        feed.send(event("op-after-junk", "cleanup", "started", 0, "cleaning", null, true));

        awaitLock("op-after-junk");
        feed.send(event("op-after-junk", "cleanup", "completed", 100, "done", null, true));
        awaitLock("\"locked\":false");
    }

    @Test
    void quietLockClearsWhenBackupServiceHoldsNothing() throws Exception {
        feed.send(event("op-lost", "backup", "running", 10, "dumping", null, true));
        awaitLock("op-lost");

        // no "completed" ever arrives; backup-service (stub) says nothing is held; stale-after is 3 s here
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(lockJson()).contains("\"locked\":false"));
    }

    @Test
    void quietLockStaysWhileBackupServiceStillHoldsIt() throws Exception {
        backup.respondWith(StubService.json(
                200,
                "{\"held\":true,\"operationId\":\"op-slow\",\"kind\":\"restore\","
                        + "\"startedBy\":\"admin\",\"startedAt\":\"2026-11-26T10:00:00Z\",\"percent\":55,"
                        + "\"message\":\"slow but alive\",\"token\":7}"));
        feed.send(event("op-slow", "restore", "running", 5, "slow", null, true));
        awaitLock("op-slow");

        // once the lock is quiet, the reconciler asks backup-service, keeps the lock and takes its progress
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(lockJson()).contains("slow but alive"));
        assertThat(lockJson()).contains("\"locked\":true").contains("op-slow").contains("\"percent\":55");

        feed.send(event("op-slow", "restore", "completed", 100, "done", null, true));
        awaitLock("\"locked\":false");
    }

    record SseEvent(String id, String name, String data) {}

    /** A minimal SSE reader over the JDK client. */
    static final class EventStream implements AutoCloseable {
        private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
        private final Thread reader;
        private final HttpResponse<java.io.InputStream> response;

        EventStream(int port) throws Exception {
            response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ops/events"))
                                    .header(
                                            "Authorization",
                                            "Basic " + Base64.getEncoder().encodeToString("viewer:viewer".getBytes()))
                                    .header("Accept", "text/event-stream")
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            reader = new Thread(this::read, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String id = null;
                String name = null;
                List<String> data = new ArrayList<>();
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new SseEvent(id, name, String.join("\n", data)));
                        }
                        id = null;
                        name = null;
                        data = new ArrayList<>();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.add(line.substring(5));
                    }
                }
            } catch (java.io.IOException closed) {
                // the test closed the stream
            }
        }

        SseEvent next() throws InterruptedException {
            SseEvent event = events.poll(15, TimeUnit.SECONDS);
            assertThat(event).as("an event within 15 s").isNotNull();
            return event;
        }

        SseEvent nextNamed(String name) throws InterruptedException {
            while (true) {
                SseEvent event = next();
                if (name.equals(event.name())) {
                    return event;
                }
            }
        }

        @Override
        public void close() throws Exception {
            response.body().close();
            reader.interrupt();
        }
    }
}
