package io.backstop.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;

import com.mongodb.client.MongoDatabase;

import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.ChangeEventKey;
import io.backstop.contracts.Json;

/**
 * Stands in for the topic: drains READY entries the way the relay does (seq order, delete after
 * "ack") and checks that folding the published events yields exactly what the database holds.
 */
final class PublishedLog {

    final List<CaptureRecord> records = new ArrayList<>();

    void drain(MongoDatabase db) {
        OutboxStore store = new OutboxStore(db, Clock.systemUTC());
        List<OutboxEntry> ready;
        while (!(ready = store.ready(100)).isEmpty()) {
            for (OutboxEntry e : ready) {
                // through JSON and back, as a consumer would see it
                for (CaptureRecord r : ChangeEvents.toRecords(e, System.currentTimeMillis())) {
                    ChangeEvent value = r.value() == null ? null : Json.read(Json.write(r.value()), ChangeEvent.class);
                    records.add(new CaptureRecord(r.topic(), r.key(), value));
                }
            }
            store.removePublished(ready.stream().map(OutboxEntry::txId).toList());
        }
    }

    List<ChangeEvent> events(String documentId) {
        String key = Json.MAPPER.writeValueAsString(ChangeEventKey.of(documentId));
        return records.stream()
                .filter(r -> r.key().equals(key) && r.value() != null)
                .map(CaptureRecord::value)
                .toList();
    }

    /** No lost change, no phantom, no duplicate: the fold of the events is the database, and chains link up. */
    void assertAgreesWith(MongoDatabase db, String collection) {
        OutboxStore store = new OutboxStore(db, Clock.systemUTC());
        Set<String> positions = new HashSet<>();
        Map<String, String> folded = new LinkedHashMap<>();
        for (CaptureRecord r : records) {
            if (r.value() == null) {
                continue;
            }
            ChangeEvent e = r.value();
            assertThat(positions.add(e.position()))
                    .as("duplicate position %s", e.position())
                    .isTrue();
            String id = Json.MAPPER.readValue(r.key(), ChangeEventKey.class).documentId();
            String previous = folded.get(id);
            switch (e.op()) {
                case "c" -> {
                    assertThat(previous).as("create of %s while it exists", id).isNull();
                    folded.put(id, e.after());
                }
                case "u" -> {
                    assertThat(e.before())
                            .as("before of update of %s is the previous after", id)
                            .isEqualTo(previous);
                    folded.put(id, e.after());
                }
                case "d" -> {
                    assertThat(previous)
                            .as("delete of %s that does not exist", id)
                            .isNotNull();
                    assertThat(businessOf(e.before()))
                            .as("marker of %s keeps the last business state", id)
                            .isEqualTo(businessOf(previous));
                    folded.remove(id);
                }
                default -> throw new AssertionError("unexpected op " + e.op());
            }
        }
        Map<String, String> actual = new LinkedHashMap<>();
        try (var cursor = db.getCollection(collection).find().iterator()) {
            cursor.forEachRemaining(d -> actual.put(d.getString("_id"), ChangeEvents.json(d)));
        }
        assertThat(actual).as("database vs fold of the published events").isEqualTo(folded);
        assertThat(store.count(OutboxFields.PENDING)).as("entries left PENDING").isZero();
        assertThat(store.count(OutboxFields.READY))
                .as("entries left unpublished")
                .isZero();
    }

    private static Document businessOf(String json) {
        return CatalogDocuments.businessFields(Document.parse(json));
    }
}
