package io.backstop.system;

import static io.backstop.system.History.changes;
import static io.backstop.system.History.id;
import static io.backstop.system.History.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import tools.jackson.databind.JsonNode;

import io.backstop.stack.GatewayClient;

/**
 * Issue 3's "done when", through the gateway of the whole stack: every change of an engine becomes an audit entry
 * with the right action, a gap-free version and correct from/to values, a rollback is itself audited, and the
 * CSV of that history parses as RFC 4180. How fast entries appear is measured by bench/ (audit latency), not
 * asserted here; the observed delay is logged.
 */
@ExtendWith(RunningStack.class)
class AuditTrailIT {

    private static final Logger log = LoggerFactory.getLogger(AuditTrailIT.class);
    private final GatewayClient editor = Api.as("editor", "editor");

    @Test
    void createUpdateMoveDeleteBecomeVersionsOneToFourWithTheirFieldChanges() {
        String brand = id(editor.post("/api/catalog/brands", Map.of("name", "Audit Trail Motors")));
        String modelA =
                id(editor.post("/api/catalog/models", Map.of("brandId", brand, "name", "AT-1", "yearFrom", 2018)));
        String modelB =
                id(editor.post("/api/catalog/models", Map.of("brandId", brand, "name", "AT-2", "yearFrom", 2022)));

        String engine = id(editor.post(
                "/api/catalog/engines", engine(modelA, 190, 250), Map.of("X-Change-Reason", "first dyno run")));
        awaitEntries(engine, 1);
        assertThat(ok(editor.put("/api/catalog/engines/" + engine, withVersion(engine(modelA, 215, 290), 1)))
                        .get("version")
                        .asLong())
                .isEqualTo(2);
        awaitEntries(engine, 2);
        ok(editor.post("/api/catalog/engines/" + engine + "/move", Map.of("parentId", modelB, "version", 2)));
        awaitEntries(engine, 3);
        assertThat(editor.delete("/api/catalog/engines/" + engine + "?version=3")
                        .status())
                .isEqualTo(204);
        List<JsonNode> history = awaitEntries(engine, 4);

        assertThat(history)
                .extracting(e -> e.get("action").asString())
                .containsExactly("create", "update", "move", "delete");
        assertThat(history).extracting(e -> e.get("version").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(history).extracting(e -> e.get("changedBy").asString()).containsOnly("editor");
        assertThat(history.get(0).get("reason").asString()).isEqualTo("first dyno run");

        Map<String, List<Object>> update = changes(history.get(1));
        assertThat(update).containsEntry("powerHp", List.of(190, 215));
        assertThat(update).as("a nested stage value").containsEntry("stages[0].powerHp", List.of(250, 290));
        assertThat(changes(history.get(2)))
                .containsOnlyKeys("modelId")
                .containsEntry("modelId", List.of(modelA, modelB));
        assertThat(history.get(3).get("after").isNull()).isTrue();
        assertThat(history.get(3).get("before").get("powerHp").asInt()).isEqualTo(215);
    }

    /**
     * On the embedded default (Debezium capture from the emulated replica set), a script that writes straight to the
     * database with the driver is on record too, as {@code unknown}, with its field changes.
     */
    @Test
    void aWriteStraightToTheDatabaseIsCapturedAndAttributedToUnknown() {
        String brand = id(editor.post("/api/catalog/brands", Map.of("name", "Script Motors")));
        String model =
                id(editor.post("/api/catalog/models", Map.of("brandId", brand, "name", "SC-1", "yearFrom", 2020)));
        String engine = id(editor.post("/api/catalog/engines", engine(model, 150, 200)));
        awaitEntries(engine, 1);
        try (MongoClient client = MongoClients.create(RunningStack.get().mongoConnectionString())) {
            client.getDatabase("catalog")
                    .getCollection("engines")
                    .updateOne(Filters.eq("_id", engine), Updates.set("powerHp", 165));
        }
        List<JsonNode> history = awaitEntries(engine, 2);
        assertThat(history.get(1).get("changedBy").asString()).isEqualTo("unknown");
        assertThat(changes(history.get(1))).containsEntry("powerHp", List.of(150, 165));

        // the connector captured it, so the next API write follows on from it and nothing is found afterwards
        ok(editor.put("/api/catalog/engines/" + engine, withVersion(engine(model, 170, 200), 1)));
        history = awaitEntries(engine, 3);
        assertThat(history).extracting(e -> e.get("action").asString()).containsExactly("create", "update", "update");
        assertThat(history.get(2).get("before")).isEqualTo(history.get(1).get("after"));
        assertThat(changes(history.get(2))).containsEntry("powerHp", List.of(165, 170));
        JsonNode externals = ok(GatewayClient.as(RunningStack.get().gatewayUrl(), "admin", "admin")
                .get("/api/audit?action=external&documentId=" + engine));
        assertThat(externals.get("items")).as("no drift in debezium mode").isEmpty();
    }

    @Test
    void rollingADeletedEngineBackToVersionOneRecreatesItAndIsAuditedAsARollback() {
        String brand = id(editor.post("/api/catalog/brands", Map.of("name", "Rollback Trail Motors")));
        String model = id(editor.post("/api/catalog/models", Map.of("brandId", brand, "name", "RT", "yearFrom", 2020)));
        String engine = id(editor.post("/api/catalog/engines", engine(model, 150, 180)));
        ok(editor.put("/api/catalog/engines/" + engine, withVersion(engine(model, 175, 210), 1)));
        assertThat(editor.delete("/api/catalog/engines/" + engine + "?version=2")
                        .status())
                .isEqualTo(204);
        awaitEntries(engine, 3);

        GatewayClient.Response rollback = editor.post(
                "/api/audit/engines/" + engine + "/rollback",
                Map.of("version", 1, "expectedVersion", 3, "reason", "restore the original tune"));
        assertThat(rollback.status()).as(rollback.toString()).isEqualTo(200);

        JsonNode restored = ok(editor.get("/api/catalog/engines/" + engine));
        assertThat(rollback.json())
                .as("a rollback answers the document as the catalog reads it")
                .isEqualTo(restored);
        assertThat(restored.get("version").asInt()).isEqualTo(4);
        assertThat(restored.get("action").asString()).isEqualTo("rollback");
        assertThat(restored.get("changedBy").asString()).isEqualTo("editor");
        assertThat(restored.get("deleted").asBoolean()).isFalse();
        assertThat(restored.get("powerHp").asInt()).isEqualTo(150);
        assertThat(restored.get("stages").get(0).get("powerHp").asInt()).isEqualTo(180);
        JsonNode entry = awaitEntries(engine, 4).get(3);
        assertThat(entry.get("action").asString()).isEqualTo("rollback");
        assertThat(entry.get("metadata").get("targetVersion").asInt()).isEqualTo(1);
        assertThat(entry.get("reason").asString()).isEqualTo("restore the original tune");

        GatewayClient.Response csv = editor.get("/api/audit/export.csv?collection=engines&documentId=" + engine);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(text).as("a BOM so spreadsheets read UTF-8").startsWith("\uFEFF");
        assertThat(text).as("RFC 4180 line ends").contains("\r\n");
        List<CSVRecord> rows = parse(text.substring(1));
        assertThat(rows).isNotEmpty();
        assertThat(rows).extracting(r -> r.get("action")).contains("create", "update", "delete", "rollback");
        assertThat(rows).extracting(r -> r.get("documentId")).containsOnly(engine);
    }

    private List<JsonNode> awaitEntries(String engine, int count) {
        long t0 = System.nanoTime();
        List<JsonNode> entries = History.entries(editor, "engines", engine, count, Duration.ofSeconds(30));
        log.info(
                "audit entry {} of {} visible {} ms after the write returned",
                count,
                engine,
                (System.nanoTime() - t0) / 1_000_000);
        return entries;
    }

    private static List<CSVRecord> parse(String csv) {
        try {
            return CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(new StringReader(csv))
                    .getRecords();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> engine(String modelId, int powerHp, int stageOneHp) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("modelId", modelId);
        e.put("name", "1.8 TSI");
        e.put("fuel", "petrol");
        e.put("powerHp", powerHp);
        e.put("torqueNm", 280);
        e.put("stages", List.of(Map.of("stage", 1, "powerHp", stageOneHp, "torqueNm", 350, "priceEur", 450)));
        return e;
    }

    private static Map<String, Object> withVersion(Map<String, Object> body, long version) {
        body.put("version", version);
        return body;
    }
}
