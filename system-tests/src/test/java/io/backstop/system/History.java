package io.backstop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.backstop.stack.GatewayClient;

/** A document's change history as an API client reads it, once the asynchronous pipeline has delivered it. */
final class History {

    private History() {}

    /**
     * Waits until the document has exactly {@code count} entries and returns them oldest first, the order the API
     * pages them in: every page, following {@code next} until it is null.
     */
    static List<JsonNode> entries(
            GatewayClient client, String collection, String documentId, int count, Duration timeout) {
        List<JsonNode> entries = new ArrayList<>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            entries.clear();
            String cursor = null;
            do {
                GatewayClient.Response r = client.get("/api/audit/" + collection + "/" + documentId + "?limit=500"
                        + (cursor == null ? "" : "&cursor=" + cursor));
                if (r.status() != 200) {
                    break;
                }
                r.json().get("items").forEach(entries::add);
                cursor = r.json().get("next").isNull()
                        ? null
                        : r.json().get("next").asString();
            } while (cursor != null);
            assertThat(entries).hasSize(count);
        });
        assertThat(entries).extracting(e -> e.get("version").asLong()).isSorted();
        return entries;
    }

    /** An entry's field changes by path, each as [from, to], a missing value as "null". */
    static Map<String, List<Object>> changes(JsonNode entry) {
        Map<String, List<Object>> byPath = new LinkedHashMap<>();
        for (JsonNode change : entry.get("changes")) {
            byPath.put(change.get("path").asString(), List.of(value(change.get("from")), value(change.get("to"))));
        }
        return byPath;
    }

    private static Object value(JsonNode node) {
        return node == null || node.isNull() ? "null" : node.isNumber() ? (Object) node.asInt() : node.asString();
    }

    static JsonNode ok(GatewayClient.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
        return r.json();
    }

    static String id(GatewayClient.Response r) {
        return ok(r).get("id").asString();
    }
}
