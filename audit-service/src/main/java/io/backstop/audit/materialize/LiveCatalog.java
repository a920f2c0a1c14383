package io.backstop.audit.materialize;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;
import org.bson.types.ObjectId;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import io.backstop.contracts.CatalogFields;
import io.backstop.outbox.OutboxFields;

/**
 * The catalog database as it is now, read-only, for {@link Reconciler}. Read directly rather than through
 * catalog-service: every service already connects to the same MongoDB, a pass reads every document (an HTTP API
 * would page through the same reads and add a hop), and the tombstones it needs are the outbox protocol's, not
 * part of catalog-service's API.
 */
final class LiveCatalog {

    private final MongoDatabase db;

    LiveCatalog(MongoDatabase db) {
        this.db = db;
    }

    /** The ids of every document of {@code collection}, delete markers included, as the trail names them. */
    Set<String> ids(String collection) {
        Set<String> ids = new HashSet<>();
        try (MongoCursor<Document> cursor = db.getCollection(collection)
                .find()
                .projection(Projections.include(CatalogFields.ID))
                .iterator()) {
            cursor.forEachRemaining(d -> ids.add(documentId(d.get(CatalogFields.ID))));
        }
        return ids;
    }

    /** The documents with these ids, by id; absent ids are missing from the map. */
    Map<String, Document> find(String collection, Collection<String> ids) {
        List<Object> keys = new ArrayList<>(ids.size() * 2);
        for (String id : ids) {
            keys.add(id);
            // a document a script inserted may have an ObjectId _id; the trail names it by its hex string
            if (ObjectId.isValid(id)) {
                keys.add(new ObjectId(id));
            }
        }
        Map<String, Document> byId = new HashMap<>();
        try (MongoCursor<Document> cursor = db.getCollection(collection)
                .find(Filters.in(CatalogFields.ID, keys))
                .iterator()) {
            cursor.forEachRemaining(d -> byId.put(documentId(d.get(CatalogFields.ID)), d));
        }
        return byId;
    }

    /** The txId of the API delete that left a tombstone for the document, or null when none did. */
    String tombstoneTxId(String collection, String id) {
        Document tombstone = db.getCollection(OutboxFields.TOMBSTONES)
                .find(Filters.eq(OutboxFields.ID, OutboxFields.tombstoneId(collection, id)))
                .first();
        return tombstone == null ? null : tombstone.getString(OutboxFields.TX_ID);
    }

    static String documentId(Object id) {
        return id instanceof ObjectId oid ? oid.toHexString() : String.valueOf(id);
    }
}
