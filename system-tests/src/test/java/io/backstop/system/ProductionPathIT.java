package io.backstop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import tools.jackson.databind.JsonNode;

import io.backstop.stack.EmbeddedStack;
import io.backstop.stack.GatewayClient;
import io.backstop.stack.StackConfig;

/**
 * The production path end to end: a real MongoDB replica set and a real Kafka in containers, catalog-service
 * capturing with Debezium's MongoDB connector, audit-service materializing. Needs Docker, so on a machine without
 * it (like the one this project is developed on) it is reported as skipped with that reason.
 */
@Testcontainers(disabledWithoutDocker = true)
class ProductionPathIT {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.3.1");

    private static EmbeddedStack stack;
    private static GatewayClient editor;

    @BeforeAll
    static void startServicesOnTheContainers() throws Exception {
        Path home = Path.of(System.getProperty("backstop.home", ".."))
                .toAbsolutePath()
                .normalize();
        StackConfig config = StackConfig.forTests(home, Files.createTempDirectory("backstop-prod-path-"), false)
                .withExternal(
                        MONGO.getConnectionString() + "/?replicaSet=docker-rs&directConnection=true",
                        KAFKA.getBootstrapServers(),
                        "debezium");
        stack = EmbeddedStack.start(config);
        editor = Api.at(stack.gatewayUrl(), "editor", "editor");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void apiWritesAreCapturedFromTheChangeStreamWithTheirAuthor() {
        String engine = newEngine(300);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(history(engine))
                .extracting(e -> e.get("changedBy").asString())
                .containsExactly("editor"));

        GatewayClient.Response update = editor.put("/api/catalog/engines/" + engine, engineBody(320, 1));
        assertThat(update.status()).as(update.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<JsonNode> entries = history(engine);
            assertThat(entries).extracting(e -> e.get("action").asString()).containsExactly("update", "create");
            assertThat(entries.get(0).get("changes").toString())
                    .contains("powerHp")
                    .contains("320");
            assertThat(entries.get(0).get("before"))
                    .as("pre-image from the replica set")
                    .isNotNull();
        });
    }

    @Test
    void aWriteThatBypassesTheApiIsAuditedAsUnknown() {
        String engine = newEngine(150);
        try (MongoClient client = MongoClients.create(stack.mongoConnectionString())) {
            client.getDatabase("catalog")
                    .getCollection("engines")
                    .updateOne(Filters.eq("_id", engine), Updates.set("powerHp", 151));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode newest = history(engine).get(0);
            assertThat(newest.get("changedBy").asString()).isEqualTo("unknown");
            assertThat(newest.get("changes").toString()).contains("151");
        });
    }

    @Test
    void aRestartedCaptureResumesWithoutDuplicatesOrASnapshot() throws Exception {
        String engine = newEngine(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> history(engine).size() == 1);

        stack.killAndRestart("catalog-service");
        GatewayClient.Response update = editor.put("/api/catalog/engines/" + engine, engineBody(210, 1));
        assertThat(update.status()).as(update.toString()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(history(engine))
                .extracting(e -> e.get("version").asLong())
                .containsExactly(2L, 1L));
    }

    private static List<JsonNode> history(String engineId) {
        GatewayClient.Response r = editor.get("/api/audit/engines/" + engineId);
        if (r.status() == 404) {
            return List.of();
        }
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode items = r.json().has("items") ? r.json().get("items") : r.json();
        List<JsonNode> entries = new java.util.ArrayList<>();
        items.forEach(entries::add);
        entries.sort((a, b) ->
                Long.compare(b.get("version").asLong(), a.get("version").asLong()));
        return entries;
    }

    private static String modelId;

    private static String newEngine(int powerHp) {
        if (modelId == null) {
            String brand = editor.post("/api/catalog/brands", Map.of("name", "Prod Path Motors"))
                    .json()
                    .get("id")
                    .asString();
            modelId = editor.post("/api/catalog/models", Map.of("brandId", brand, "name", "PP", "yearFrom", 2020))
                    .json()
                    .get("id")
                    .asString();
        }
        GatewayClient.Response r = editor.post("/api/catalog/engines", engineBody(powerHp, null));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private static Map<String, Object> engineBody(int powerHp, Integer version) {
        Document body = new Document("modelId", modelId)
                .append("name", "3.0 TDI")
                .append("fuel", "diesel")
                .append("powerHp", powerHp)
                .append("torqueNm", 600);
        if (version != null) {
            body.append("version", version);
        }
        return body;
    }
}
