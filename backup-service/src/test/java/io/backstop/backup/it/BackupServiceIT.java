package io.backstop.backup.it;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;

import tools.jackson.databind.JsonNode;

import io.backstop.backup.BackupServiceApplication;
import io.backstop.backup.dump.JavaDumper;
import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;
import io.backstop.infra.EmbeddedMongo;
import io.backstop.infra.KafkaBroker;
import io.backstop.support.test.TestTokens;

/**
 * The whole service on the embedded stack: a real Kafka broker (child JVM), mongo-java-server, real HTTP.
 * The lease is shortened (heartbeat 200 ms, stale after 2 s) so takeovers happen within a test.
 */
@SpringBootTest(
        classes = {BackupServiceApplication.class, BackupServiceIT.Gate.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class BackupServiceIT {

    /** How often the helpers below ask the service again while waiting for it. */
    static final Duration POLL = Duration.ofMillis(100);

    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final AuditStub AUDIT = new AuditStub();
    static final Path ROOT;
    /** backstop.backup.imports.root: the directories an admin may register as backups */
    static final Path IMPORTS;

    static {
        try {
            ROOT = Files.createTempDirectory("backstop-backups-");
            IMPORTS = Files.createTempDirectory("backstop-imports-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", MONGO::connectionString);
        registry.add(
                "spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("backstop.security.gateway-secret", () -> TestTokens.SECRET);
        registry.add("backstop.backup.root", ROOT::toString);
        registry.add("backstop.backup.imports.root", IMPORTS::toString);
        registry.add("backstop.backup.lock.heartbeat", () -> "200ms");
        registry.add("backstop.backup.lock.stale-after", () -> "2s");
        registry.add("backstop.backup.schedule-tick", () -> "1h");
        registry.add("backstop.backup.audit-url", AUDIT::url);
        registry.add("backstop.backup.reconcile-timeout", () -> "2s");
        registry.add("backstop.backup.compare-limit", () -> "50");
        // every completed backup applies the policy: ages and counts the tests do not reach delete nothing unasked
        registry.add("backstop.backup.retention.max-age-days", () -> "365");
        registry.add("backstop.backup.retention.keep-last", () -> "1000");
    }

    @TestConfiguration
    static class Gate {
        @Bean
        @Primary
        GatedDumper gatedDumper(MongoClient client, ThreadPoolTaskExecutor dumpDrainers) {
            return new GatedDumper(new JavaDumper(client.getDatabase(Topics.CATALOG_DB), dumpDrainers));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoClient mongo;

    @Autowired
    GatedDumper gate;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    MongoDatabase catalog() {
        return mongo.getDatabase(Topics.CATALOG_DB);
    }

    MongoDatabase backupDb() {
        return mongo.getDatabase("backup");
    }

    @BeforeEach
    void waitForFreeLock() throws Exception {
        gate.open();
        await("the lock held by the previous test to be free")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(POLL)
                .until(() ->
                        !json(get("/internal/ops/lock", "viewer")).get("held").asBoolean());
    }

    record Response(int status, String body) {}

    Response send(String method, String path, String user, String role, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", TestTokens.bearer(user, role))
                .header("Content-Type", "application/json");
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body instanceof String s ? s.getBytes() : Json.write(body));
        HttpResponse<String> response =
                http.send(request.method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    Response get(String path, String role) throws Exception {
        return send("GET", path, role, role, null);
    }

    Response post(String path, Object body) throws Exception {
        return send("POST", path, "admin", "admin", body);
    }

    static JsonNode json(Response response) {
        return Json.MAPPER.readTree(response.body());
    }

    /**
     * Starts a backup through the API and waits for its operation to end: the retention the completed backup applies
     * afterwards is part of it, so a test changing backups next does not race with it.
     */
    String backupAndWait() throws Exception {
        Response started = post("/api/backups", Map.of("description", "test"));
        if (started.status() != 202) {
            throw new AssertionError("backup not started: " + started);
        }
        String id = json(started).get("id").asString();
        awaitBackup(id, "completed");
        awaitOperation(id);
        return id;
    }

    String awaitBackup(String id, String status) {
        Response ended = await("backup " + id + " to end")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(POLL)
                .until(() -> get("/api/backups/" + id, "viewer"), BackupServiceIT::ended);
        if (!status.equals(json(ended).get("status").asString())) {
            throw new AssertionError("backup " + id + " ended " + ended.body());
        }
        return id;
    }

    JsonNode awaitOperation(String operationId) {
        return json(await("operation " + operationId + " to end")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(POLL)
                .until(() -> get("/api/operations/" + operationId, "viewer"), BackupServiceIT::ended));
    }

    /**
     * Waits until the service's wall clock reads a later millisecond than {@code instant} (times are stored to the
     * millisecond), so what the test does next happens after it.
     */
    static void awaitClockPast(Instant instant) {
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> Instant.now().toEpochMilli() > instant.toEpochMilli());
    }

    private static boolean ended(Response r) {
        return r.status() == 200 && !"running".equals(json(r).get("status").asString());
    }

    /** The collection as plain documents in _id order. */
    List<Document> snapshot(String collection) {
        List<Document> docs = new ArrayList<>();
        try (MongoCursor<Document> cursor = catalog()
                .getCollection(collection)
                .find()
                .sort(Sorts.ascending("_id"))
                .iterator()) {
            cursor.forEachRemaining(docs::add);
        }
        return docs;
    }
}
