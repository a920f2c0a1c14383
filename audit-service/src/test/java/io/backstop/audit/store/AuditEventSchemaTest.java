package io.backstop.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Actions;
import io.backstop.contracts.AuditEvent;
import io.backstop.contracts.Json;
import io.backstop.diff.Change;

/** What audit-service publishes matches contracts' audit-event.v2.json: required fields, types and enums. */
class AuditEventSchemaTest {

    @Test
    void publishedEntryHasEverySchemaFieldWithTheRightShape() throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/schemas/audit-event.v2.json")) {
            schema = Json.MAPPER.readTree(in);
        }
        AuditEntry entry = new AuditEntry(
                        "engines:e1:0000000002",
                        "engines",
                        "e1",
                        2,
                        Actions.UPDATE,
                        new Document("_id", "e1").append("at", new Date(0)).append("price", Decimal128.parse("1.50")),
                        new Document("_id", "e1").append("at", new Date(1000)),
                        List.of(
                                Change.changed("at", new Date(0), new Date(1000)),
                                Change.removed("price", Decimal128.parse("1.50"))),
                        "bob",
                        Instant.parse("2026-11-26T10:00:00Z"),
                        null,
                        "req-1",
                        "tx",
                        "1:2",
                        null)
                .hashed("0".repeat(64))
                .linked(new AuditEvent.Link(7, "engines:e2:0000000001", "1".repeat(64), "2".repeat(64)));
        JsonNode event = Json.MAPPER.readTree(Json.write(AuditEvents.of(entry)));

        for (JsonNode required : schema.get("required")) {
            assertThat(event.has(required.asString()))
                    .as("required field %s", required.asString())
                    .isTrue();
        }
        JsonNode props = schema.get("properties");
        assertThat(event.get("schemaVersion").asInt())
                .isEqualTo(props.get("schemaVersion").get("const").asInt());
        assertThat(enumValues(props.get("collection")))
                .contains(event.get("collection").asString());
        assertThat(enumValues(props.get("action"))).contains(event.get("action").asString());
        assertThat(Instant.parse(event.get("changedAt").asString())).isEqualTo(entry.changedAt());
        JsonNode change = event.get("changes").get(0);
        assertThat(enumValues(
                        props.get("changes").get("items").get("properties").get("kind")))
                .contains(change.get("kind").asString());
        assertThat(change.get("from").asString()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(event.get("changes").get(1).get("from").decimalValue()).isEqualByComparingTo("1.50");
        assertThat(event.get("before").get("at").asString()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(event.get("prevHash").asString()).isEqualTo("0".repeat(64));
        assertThat(event.get("hash").asString())
                .matches(props.get("hash").get("pattern").asString())
                .isEqualTo(entry.hash());
        for (JsonNode required : props.get("chain").get("required")) {
            assertThat(event.get("chain").has(required.asString()))
                    .as("chain.%s", required.asString())
                    .isTrue();
        }
        assertThat(event.get("chain").get("seq").asLong()).isEqualTo(7);
    }

    private static List<String> enumValues(JsonNode node) {
        return node.get("enum").valueStream().map(JsonNode::asString).toList();
    }
}
