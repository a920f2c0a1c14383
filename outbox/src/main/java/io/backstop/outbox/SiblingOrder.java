package io.backstop.outbox;

import static com.mongodb.client.model.Filters.eq;
import static io.backstop.outbox.OutboxFields.COUNTERS;
import static io.backstop.outbox.OutboxFields.ID;
import static io.backstop.outbox.OutboxFields.VALUE;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

import io.backstop.contracts.CatalogFields;

/**
 * Where a new catalog document goes among its siblings: one past the highest position under its parent.
 *
 * <p>Each parent has a high-water mark in {@code counters} ({@code {_id: "position:<collection>:<parentId>",
 * value}}), raised by every write through {@link CatalogWriter} (the API, rollbacks, restores, the seed) and taken
 * from with {@code $inc}. Finding the next position is then a lookup by id, where it was a sorted read of the
 * siblings, which the embedded server can only answer by reading the whole collection on every create. A parent
 * with no mark yet (data written before marks existed, or around the API) gets one from its siblings on first use.
 * A write that lands between a mark's first reading and its creation can tie with the next create: positions are
 * an order, ties sort by name.
 */
public final class SiblingOrder {

    private final MongoDatabase db;
    private final MongoCollection<Document> counters;

    public SiblingOrder(MongoDatabase catalogDb) {
        this.db = catalogDb;
        this.counters = catalogDb.getCollection(COUNTERS);
    }

    /** Reserves the position after every sibling under {@code parentId} (null for brands). */
    public int next(String collection, String parentId) {
        String key = key(collection, parentId);
        Document taken = take(key);
        if (taken == null) {
            long highest = highestAmongSiblings(collection, parentId);
            try {
                counters.updateOne(eq(ID, key), Updates.max(VALUE, highest), new UpdateOptions().upsert(true));
            } catch (MongoWriteException e) {
                // another writer created the mark at the same moment: take from theirs
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            taken = take(key);
        }
        return Math.toIntExact(((Number) taken.get(VALUE)).longValue());
    }

    /** Raises the marks of the parents of {@code written} to their positions; marks not made yet are left to {@link #next}. */
    void raise(String collection, Collection<Document> written) {
        Map<String, Long> highest = new HashMap<>();
        String parentField = CatalogFields.PARENT_FIELD.get(collection);
        for (Document d : written) {
            if (d.get(CatalogFields.POSITION) instanceof Number position) {
                Object parent = parentField == null ? null : d.get(parentField);
                if (parentField == null || parent instanceof String) {
                    highest.merge(key(collection, (String) parent), position.longValue(), Math::max);
                }
            }
        }
        if (highest.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> raises = new ArrayList<>(highest.size());
        highest.forEach((key, position) -> raises.add(new UpdateOneModel<>(eq(ID, key), Updates.max(VALUE, position))));
        counters.bulkWrite(raises, new BulkWriteOptions().ordered(false));
    }

    private Document take(String key) {
        return counters.findOneAndUpdate(
                eq(ID, key),
                Updates.inc(VALUE, 1L),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    /** The highest position among the siblings, or -1 when there are none (so the first child gets 0). */
    private long highestAmongSiblings(String collection, String parentId) {
        String parentField = CatalogFields.PARENT_FIELD.get(collection);
        Bson filter = parentField == null ? new Document() : eq(parentField, parentId);
        Document last = db.getCollection(collection)
                .find(filter)
                .sort(Sorts.descending(CatalogFields.POSITION))
                .limit(1)
                .first();
        return last != null && last.get(CatalogFields.POSITION) instanceof Number n ? n.longValue() : -1;
    }

    private static String key(String collection, String parentId) {
        return "position:" + collection + ":" + (parentId == null ? "" : parentId);
    }
}
