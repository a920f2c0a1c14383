package io.backstop.outbox;

import java.util.List;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.ChangeEventKey;
import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;

/** Turns an outbox entry into the records Debezium's MongoDB connector would have produced for the change. */
public final class ChangeEvents {

    /** {@code source.version}: says which capture produced the record, for diagnostics only. */
    public static final String SOURCE_VERSION = "backstop-outbox-1";

    private static final JsonWriterSettings RELAXED =
            JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private ChangeEvents() {}

    /**
     * The envelope, plus a tombstone after a delete. The source position is {@code createdAt:seq}: fixed when
     * the entry was written, so a re-publication carries the same position and consumers can drop it.
     */
    public static List<CaptureRecord> toRecords(OutboxEntry entry, long publishedAtMillis) {
        String topic = Topics.captureTopic(entry.collection());
        String key = Json.MAPPER.writeValueAsString(ChangeEventKey.of(entry.documentId()));
        var source = new ChangeEvent.Source(
                SOURCE_VERSION,
                "mongodb",
                Topics.CAPTURE_PREFIX,
                entry.createdAt().toEpochMilli(),
                "false",
                Topics.CATALOG_DB,
                entry.collection(),
                entry.seq(),
                null,
                null);
        var event =
                new ChangeEvent(json(entry.before()), json(entry.after()), null, source, entry.op(), publishedAtMillis);
        var record = new CaptureRecord(topic, key, event);
        return ChangeEvent.DELETE.equals(entry.op())
                ? List.of(record, new CaptureRecord(topic, key, null))
                : List.of(record);
    }

    /** Relaxed Extended JSON, as the Debezium connector writes {@code before} / {@code after}. */
    public static String json(Document doc) {
        return doc == null ? null : doc.toJson(RELAXED);
    }
}
