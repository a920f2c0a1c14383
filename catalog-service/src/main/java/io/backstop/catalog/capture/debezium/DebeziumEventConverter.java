package io.backstop.catalog.capture.debezium;

import java.util.Optional;

import org.bson.Document;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.CatalogFields;
import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.ChangeEventKey;
import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;
import io.backstop.outbox.CaptureRecord;

/**
 * Debezium MongoDB records (JSON converter, schemas disabled) to our capture topics. They already are the
 * envelope audit-service reads; what changes:
 * <ul>
 * <li>the topic: always {@code backstop.catalog.<collection>}, whatever the database is called;</li>
 * <li>the key: {@link ChangeEventKey} normalised (same bytes as the outbox relay writes);</li>
 * <li>dropped: the {@code u} event of a delete marker ({@code _change.deleted=true}; the {@code d} that follows
 *     carries the marker as its pre-image), heartbeats, other collections;</li>
 * <li>kept as they are: writes that bypassed the API (no {@code _change}, or a {@code _change} left over from an
 *     earlier API write): audit-service attributes them to {@code unknown}; tombstones after deletes.</li>
 * </ul>
 * Pure function of its input, so it is unit-tested with events in Debezium's documented format.
 */
final class DebeziumEventConverter {

    private DebeziumEventConverter() {}

    /**
     * @param topic Debezium's destination ({@code <topic.prefix>.<db>.<collection>}, or a heartbeat topic)
     * @param key   Debezium's key JSON, e.g. {@code {"id": "\"65a...\""}}
     * @param value Debezium's value JSON, or null for a tombstone
     * @return the record to publish, or empty when the event is not published
     */
    static Optional<CaptureRecord> convert(String topic, String key, String value) {
        String collection = collectionOf(topic);
        if (collection == null || !Topics.CATALOG_COLLECTIONS.contains(collection) || key == null) {
            return Optional.empty();
        }
        String ourKey = Json.MAPPER.writeValueAsString(normalisedKey(key));
        String ourTopic = Topics.captureTopic(collection);
        if (value == null) {
            return Optional.of(new CaptureRecord(ourTopic, ourKey, null));
        }
        JsonNode node = Json.MAPPER.readTree(value);
        // a converter with schemas enabled wraps the envelope in {schema, payload}
        if (node.has("payload") && node.has("schema")) {
            node = node.get("payload");
        }
        ChangeEvent event = Json.MAPPER.treeToValue(node, ChangeEvent.class);
        if (ChangeEvent.UPDATE.equals(event.op()) && isDeleteMarker(event.after())) {
            return Optional.empty();
        }
        return Optional.of(new CaptureRecord(ourTopic, ourKey, event));
    }

    private static ChangeEventKey normalisedKey(String key) {
        JsonNode node = Json.MAPPER.readTree(key);
        if (node.has("payload") && node.has("schema")) {
            node = node.get("payload");
        }
        JsonNode id = node.get("id");
        if (id == null) {
            throw new IllegalArgumentException("Debezium key without id: " + key);
        }
        String raw = id.isString() ? id.stringValue() : id.toString();
        JsonNode parsed = Json.MAPPER.readTree(raw);
        // string ids are normalised; any other id type (ObjectId from a direct write) stays Extended JSON
        return parsed.isString() ? ChangeEventKey.of(parsed.stringValue()) : new ChangeEventKey(raw);
    }

    private static boolean isDeleteMarker(String after) {
        if (after == null) {
            return false;
        }
        Document doc = Document.parse(after);
        return doc.get(CatalogFields.CHANGE) instanceof Document change
                && Boolean.TRUE.equals(change.get(CatalogFields.DELETED));
    }

    /** The collection from {@code <prefix>.<db>.<collection>}; null for heartbeats and other topics. */
    static String collectionOf(String topic) {
        if (topic == null || !topic.startsWith(Topics.CAPTURE_PREFIX + ".")) {
            return null;
        }
        String rest = topic.substring(Topics.CAPTURE_PREFIX.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? null : rest.substring(dot + 1);
    }
}
