package io.backstop.outbox;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static io.backstop.outbox.OutboxFields.*;

import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;

/**
 * {@code catalog.tombstones}: the proof that a delete happened after the document is gone, and the last
 * version, so a re-created document continues its version sequence.
 */
final class Tombstones {

    private final MongoDatabase db;
    private final MongoCollection<Document> tombstones;
    private final ChangeJournal outbox;

    Tombstones(MongoDatabase db, ChangeJournal outbox) {
        this.db = db;
        this.tombstones = db.getCollection(TOMBSTONES);
        this.outbox = outbox;
    }

    Document find(String collection, String documentId) {
        return tombstones.find(eq(ID, tombstoneId(collection, documentId))).first();
    }

    Map<String, Document> findAll(String collection, Collection<String> documentIds) {
        Map<String, Document> byDocumentId = new HashMap<>();
        var ids = documentIds.stream().map(id -> tombstoneId(collection, id)).toList();
        try (var cursor = tombstones.find(in(ID, ids)).iterator()) {
            cursor.forEachRemaining(t -> byDocumentId.put(t.getString(ID).substring(collection.length() + 1), t));
        }
        return byDocumentId;
    }

    boolean shows(String collection, String documentId, String txId) {
        Document t = find(collection, documentId);
        return t != null && txId.equals(t.getString(TX_ID));
    }

    /**
     * The delete's steps after its marker is in place: tombstone, then removal. Idempotent, so recovery reuses
     * it for a delete that crashed half-way.
     */
    void finishDelete(String collection, String documentId, String txId, long markerVersion, FaultPoint fault) {
        Document previous = find(collection, documentId);
        if (previous != null && !txId.equals(previous.getString(TX_ID))) {
            // the tombstone we overwrite is the only proof of that earlier delete
            outbox.promote(previous.getString(TX_ID));
        }
        String id = tombstoneId(collection, documentId);
        tombstones.replaceOne(
                eq(ID, id),
                new Document(ID, id)
                        .append(TX_ID, txId)
                        .append(LAST_VERSION, markerVersion)
                        .append(DELETED_AT, new Date()),
                new ReplaceOptions().upsert(true));
        fault.reached(Step.TOMBSTONE_WRITTEN);
        db.getCollection(collection).deleteOne(and(CatalogDocuments.byId(documentId), eq(CHANGE_TX_ID, txId)));
        fault.reached(Step.DOCUMENT_DELETED);
    }
}
