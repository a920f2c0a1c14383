package io.backstop.audit.materialize;

import java.util.Set;

import org.bson.Document;
import org.bson.json.JsonParseException;

import io.backstop.contracts.CatalogFields;
import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.ChangeEventKey;
import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;

/** Reads a capture record (docs/architecture.md, "Capture topics"); anything it cannot read is unreadable for good. */
final class CaptureParser {

    private static final Set<String> OPS =
            Set.of(ChangeEvent.CREATE, ChangeEvent.UPDATE, ChangeEvent.DELETE, ChangeEvent.READ);

    private CaptureParser() {}

    static CapturedChange parse(String topic, String key, String value) {
        ChangeEvent event;
        try {
            event = Json.MAPPER.readValue(value, ChangeEvent.class);
        } catch (RuntimeException e) {
            throw new UnreadableChangeException(
                    "capture record on " + topic + " is not a change-event envelope: " + e.getMessage(), e);
        }
        if (event == null || event.source() == null || !OPS.contains(event.op())) {
            throw new UnreadableChangeException("capture record on " + topic + " has no source or an unknown op: "
                    + (event == null ? null : event.op()));
        }
        String collection = Topics.collectionOf(topic);
        if (collection == null) {
            collection = event.source().collection();
        }
        Document before = document(event.before(), topic);
        Document after = document(event.after(), topic);
        if (after == null && !ChangeEvent.DELETE.equals(event.op())) {
            throw new UnreadableChangeException(
                    "capture record on " + topic + " with op " + event.op() + " has no 'after' document");
        }
        String documentId = documentId(key, before, after, topic);
        return new CapturedChange(
                collection,
                documentId,
                event.op(),
                before,
                after,
                event.position(),
                event.source().tsMs());
    }

    private static Document document(String extendedJson, String topic) {
        if (extendedJson == null) {
            return null;
        }
        try {
            return Document.parse(extendedJson);
        } catch (JsonParseException | IllegalArgumentException | ClassCastException e) {
            throw new UnreadableChangeException(
                    "capture record on " + topic + " carries a document that is not Extended JSON: " + e.getMessage(),
                    e);
        }
    }

    private static String documentId(String key, Document before, Document after, String topic) {
        if (key != null) {
            try {
                String id = Json.MAPPER.readValue(key, ChangeEventKey.class).documentId();
                if (id != null) {
                    return id;
                }
            } catch (RuntimeException e) {
                // fall back to the documents' _id below
            }
        }
        Document source = after != null ? after : before;
        Object id = source == null ? null : source.get(CatalogFields.ID);
        if (id == null) {
            throw new UnreadableChangeException(
                    "capture record on " + topic + " names no document: no usable key and no _id");
        }
        return id.toString();
    }
}
