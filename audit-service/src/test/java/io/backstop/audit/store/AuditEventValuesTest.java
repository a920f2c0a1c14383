package io.backstop.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Actions;
import io.backstop.contracts.Json;
import io.backstop.diff.Change;

/** audit.events carries values in contracts' PlainJson rule, so a JavaScript reader sees every digit. */
class AuditEventValuesTest {

    @Test
    void int64BeyondTwoToThe53IsPublishedAsItsExactDigits() throws Exception {
        long big = 9_007_199_254_740_993L;
        AuditEntry entry = new AuditEntry(
                "engines:e1:0000000002",
                "engines",
                "e1",
                2,
                Actions.UPDATE,
                new Document("_id", "e1").append("serial", 1L),
                new Document("_id", "e1").append("serial", big),
                List.of(Change.changed("serial", 1L, big)),
                "bob",
                Instant.parse("2026-11-26T10:00:00Z"),
                null,
                "req-1",
                "tx",
                "1:2",
                null);

        JsonNode event = Json.MAPPER.readTree(Json.write(AuditEvents.of(entry)));

        assertThat(event.get("after").get("serial").asString()).isEqualTo("9007199254740993");
        assertThat(event.get("changes").get(0).get("to").isString()).isTrue();
        assertThat(event.get("changes").get(0).get("from").asLong()).isEqualTo(1L);
    }
}
