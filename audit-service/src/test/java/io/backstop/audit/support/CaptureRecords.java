package io.backstop.audit.support;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.ChangeEventKey;
import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;

/** Capture records exactly as docs/architecture.md specifies them, for tests. */
public final class CaptureRecords {

    private static final JsonWriterSettings RELAXED =
            JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private CaptureRecords() {}

    /** One record to send: topic, key, value (null for a tombstone). */
    public record Rec(String topic, String key, String value) {}

    public static String key(String documentId) {
        return new String(Json.write(ChangeEventKey.of(documentId)), StandardCharsets.UTF_8);
    }

    public static Rec event(String collection, String op, Document before, Document after, long tsMs, long ord) {
        ChangeEvent event = new ChangeEvent(
                before == null ? null : before.toJson(RELAXED),
                after == null ? null : after.toJson(RELAXED),
                null,
                new ChangeEvent.Source(
                        "3.7.0.Final",
                        "mongodb",
                        "backstop",
                        tsMs,
                        "false",
                        Topics.CATALOG_DB,
                        collection,
                        ord,
                        null,
                        null),
                op,
                tsMs + 5);
        Document doc = after != null ? after : before;
        return new Rec(
                Topics.captureTopic(collection),
                key(doc.getString("_id")),
                new String(Json.write(event), StandardCharsets.UTF_8));
    }

    public static Rec tombstone(String collection, String documentId) {
        return new Rec(Topics.captureTopic(collection), key(documentId), null);
    }

    /** A catalog document with attribution as catalog-service writes it. */
    public static Document doc(
            String id, long version, String txId, String action, String by, long atMs, Object... fields) {
        Document d = new Document("_id", id);
        for (int i = 0; i < fields.length; i += 2) {
            d.append((String) fields[i], fields[i + 1]);
        }
        d.append("version", version);
        if (txId != null) {
            d.append(
                    "_change",
                    new Document("txId", txId)
                            .append("action", action)
                            .append("by", by)
                            .append("at", new Date(atMs))
                            .append("reason", "because " + action)
                            .append("requestId", "req-" + txId)
                            .append("metadata", new Document()));
        }
        return d;
    }

    public static List<Document> stages(int... powers) {
        List<Document> out = new java.util.ArrayList<>();
        for (int i = 0; i < powers.length; i++) {
            out.add(new Document("stage", i + 1).append("powerHp", powers[i]));
        }
        return out;
    }
}
