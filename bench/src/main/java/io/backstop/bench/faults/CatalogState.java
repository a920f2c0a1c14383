package io.backstop.bench.faults;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.bson.Document;

import com.mongodb.client.MongoClient;

import io.backstop.contracts.Topics;

/**
 * The business content of every catalog document ({@code collection/id} to its JSON without {@code _change} and
 * {@code version}); a document under a delete marker counts as gone, as readers treat it.
 */
record CatalogState(Map<String, String> documents) {

    static CatalogState take(MongoClient mongo) {
        Map<String, String> docs = new HashMap<>();
        var db = mongo.getDatabase(Topics.CATALOG_DB);
        for (String collection : Topics.CATALOG_COLLECTIONS) {
            try (var cursor = db.getCollection(collection).find().iterator()) {
                while (cursor.hasNext()) {
                    Document d = cursor.next();
                    if (d.get("_change") instanceof Document change && Boolean.TRUE.equals(change.get("deleted"))) {
                        continue;
                    }
                    String id = collection + "/" + d.get("_id");
                    d.remove("_change");
                    d.remove("version");
                    docs.put(id, d.toJson());
                }
            }
        }
        return new CatalogState(docs);
    }

    /** Keys whose content (or existence) differs between the two states. */
    Set<String> changedFrom(CatalogState other) {
        Set<String> keys = new HashSet<>(documents.keySet());
        keys.addAll(other.documents.keySet());
        keys.removeIf(k -> Objects.equals(documents.get(k), other.documents.get(k)));
        return keys;
    }

    String get(String key) {
        return documents.get(key);
    }
}
