package io.backstop.system;

import static io.backstop.system.History.changes;
import static io.backstop.system.History.id;
import static io.backstop.system.History.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import tools.jackson.databind.JsonNode;

import io.backstop.stack.EmbeddedStack;
import io.backstop.stack.GatewayClient;
import io.backstop.stack.StackConfig;

/**
 * Issue 13, point 5, on a whole stack in outbox mode, where nothing captures a write that bypasses the API: the next
 * API write of the document reveals it (the materializer records it first), and a backup's reconcile finds those no
 * API write followed, updates, creates and deletes alike. Each is a version of its own, by unknown.
 */
class OutboxDriftIT {

    private static EmbeddedStack stack;
    private static GatewayClient editor;
    private static GatewayClient admin;

    @BeforeAll
    static void startOwnStack() throws IOException {
        Path home = Path.of(System.getProperty("backstop.home", ".."))
                .toAbsolutePath()
                .normalize();
        stack = EmbeddedStack.start(
                StackConfig.forTests(home, Files.createTempDirectory("backstop-outbox-drift-"), false)
                        .withCaptureMode("outbox"));
        editor = GatewayClient.as(stack.gatewayUrl(), "editor", "editor");
        admin = GatewayClient.as(stack.gatewayUrl(), "admin", "admin");
    }

    @AfterAll
    static void stopOwnStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void directWritesBecomeExternalEntriesBeforeTheNextApiWriteAndAtTheNextBackup() {
        String brand = id(editor.post("/api/catalog/brands", Map.of("name", "Drift Motors")));
        String model =
                id(editor.post("/api/catalog/models", Map.of("brandId", brand, "name", "DR-1", "yearFrom", 2020)));
        String engine = id(editor.post("/api/catalog/engines", engine(model, 150)));
        String doomed = id(editor.post("/api/catalog/engines", engine(model, 120)));
        awaitEntries(engine, 1);
        awaitEntries(doomed, 1);
        String scripted = new ObjectId().toHexString();

        try (MongoClient client = MongoClients.create(stack.mongoConnectionString())) {
            var engines = client.getDatabase("catalog").getCollection("engines");
            engines.updateOne(Filters.eq("_id", engine), Updates.set("powerHp", 165));
            Map<String, Object> update = engine(model, 170);
            update.put("version", 1);
            ok(editor.put("/api/catalog/engines/" + engine, update));

            List<JsonNode> history = awaitEntries(engine, 3);
            assertThat(history)
                    .extracting(e -> e.get("action").asString())
                    .containsExactly("create", "external", "update");
            assertThat(history)
                    .extracting(e -> e.get("changedBy").asString())
                    .containsExactly("editor", "unknown", "editor");
            assertThat(history.get(1).get("metadata").get("detectedBy").asString())
                    .isEqualTo("materializer");
            assertThat(changes(history.get(1))).containsEntry("powerHp", List.of(150, 165));
            assertThat(history.get(2).get("before").get("powerHp").asInt())
                    .as("the API write follows on from it")
                    .isEqualTo(165);
            assertThat(changes(history.get(2))).containsEntry("powerHp", List.of(165, 170));

            // writes no API write follows: an update, a document deleted and one created with the driver
            engines.updateOne(Filters.eq("_id", engine), Updates.set("powerHp", 180));
            engines.deleteOne(Filters.eq("_id", doomed));
            engines.insertOne(new Document("_id", scripted)
                    .append("modelId", model)
                    .append("name", "Scripted")
                    .append("fuel", "petrol")
                    .append("powerHp", 90)
                    .append("torqueNm", 100));
        }

        GatewayClient.Response started = admin.post("/api/backups", Map.of("description", "drift"));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String backup = started.json().get("id").asString();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> "completed"
                        .equals(admin.get("/api/backups/" + backup)
                                .json()
                                .get("status")
                                .asString()));

        List<JsonNode> engineHistory = awaitEntries(engine, 4);
        assertThat(engineHistory.get(3).get("action").asString()).isEqualTo("external");
        assertThat(engineHistory.get(3).get("metadata").get("detectedBy").asString())
                .isEqualTo("reconciler");
        assertThat(changes(engineHistory.get(3))).containsEntry("powerHp", List.of(170, 180));
        List<JsonNode> doomedHistory = awaitEntries(doomed, 2);
        assertThat(doomedHistory.get(1).get("action").asString()).isEqualTo("external");
        assertThat(doomedHistory.get(1).get("after").isNull()).isTrue();
        List<JsonNode> scriptedHistory = awaitEntries(scripted, 1);
        assertThat(scriptedHistory.get(0).get("action").asString()).isEqualTo("external");
        assertThat(scriptedHistory.get(0).get("before").isNull()).isTrue();
        assertThat(scriptedHistory.get(0).get("changedBy").asString()).isEqualTo("unknown");

        JsonNode external = ok(editor.get("/api/audit?action=external&collection=engines"));
        assertThat(external.get("items"))
                .extracting(e -> e.get("documentId").asString())
                .contains(engine, doomed, scripted);
    }

    private static List<JsonNode> awaitEntries(String engine, int count) {
        return History.entries(editor, "engines", engine, count, Duration.ofSeconds(60));
    }

    private static Map<String, Object> engine(String modelId, int powerHp) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("modelId", modelId);
        e.put("name", "2.0 TDI");
        e.put("fuel", "diesel");
        e.put("powerHp", powerHp);
        e.put("torqueNm", 320);
        return e;
    }
}
