package io.backstop.backup.restore;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import io.backstop.contracts.CatalogFields;
import io.backstop.diff.DocumentDiff;
import io.backstop.outbox.Attribution;
import io.backstop.outbox.CatalogDocuments;
import io.backstop.outbox.CatalogWriter;
import io.backstop.outbox.VersionConflictException;

/**
 * Makes one live collection equal to a desired state (a backup, or a backup plus audit entries) by writing only the
 * documents that differ, each through the outbox, so the audit trail lists exactly what the restore changed.
 * Identity ignores {@code version} and {@code _change} (document-diff's equality).
 */
public final class DifferentialRestore {

    /**
     * Documents missing from the live side are created, and differing ones replaced, this many at a time (one
     * outbox batch, one insertMany or one bulk of replaces).
     */
    static final int BATCH = 500;

    private final MongoDatabase catalog;
    private final CatalogWriter writer;

    /** @param writer a writer that bypasses the write freeze this restore holds */
    public DifferentialRestore(MongoDatabase catalog, CatalogWriter writer) {
        this.catalog = catalog;
        this.writer = writer;
    }

    public record Counts(long created, long updated, long deleted, long unchanged) {
        public long changed() {
            return created + updated + deleted;
        }
    }

    /** Called before every write; throws to stop (lease lost, freeze gone). */
    @FunctionalInterface
    public interface Checkpoint {
        void beforeWrite(long processed);
    }

    /**
     * @param sorted true if {@code desired} is in ascending {@code _id} order: then both sides are streamed in step;
     *               otherwise each desired document is looked up by id and only the ids are kept in memory
     * @param by     null for a dry run: count, write nothing
     */
    public Counts run(
            String collection, Iterator<Document> desired, boolean sorted, Attribution by, Checkpoint checkpoint) {
        Tally tally = new Tally(collection, by, checkpoint);
        MongoCollection<Document> live = catalog.getCollection(collection);
        if (sorted) {
            try (MongoCursor<Document> actual = live.find()
                    .sort(Sorts.ascending(CatalogFields.ID))
                    .batchSize(500)
                    .iterator()) {
                SortedMerge.merge(desired, actual, tally);
            }
        } else {
            Set<Object> seen = new HashSet<>();
            while (desired.hasNext()) {
                Document d = desired.next();
                seen.add(d.get(CatalogFields.ID));
                Document a = live.find(Filters.eq(CatalogFields.ID, d.get(CatalogFields.ID)))
                        .first();
                if (a == null) {
                    tally.onlyDesired(d);
                } else {
                    tally.both(d, a);
                }
            }
            try (MongoCursor<Document> ids = live.find()
                    .projection(Projections.include(CatalogFields.ID))
                    .iterator()) {
                while (ids.hasNext()) {
                    Object id = ids.next().get(CatalogFields.ID);
                    if (!seen.contains(id)) {
                        Document a = live.find(Filters.eq(CatalogFields.ID, id)).first();
                        if (a != null) {
                            tally.onlyActual(a);
                        }
                    }
                }
            }
        }
        tally.flush();
        return new Counts(tally.created, tally.updated, tally.deleted, tally.unchanged);
    }

    public static boolean same(Document a, Document b) {
        return DocumentDiff.equalIgnoring(a, b, CatalogFields.BOOKKEEPING);
    }

    private final class Tally implements SortedMerge.Visitor {
        private final String collection;
        private final Attribution by;
        private final Checkpoint checkpoint;
        private final Map<String, Document> pendingCreates = new LinkedHashMap<>();
        private final Map<String, CatalogWriter.Replacement> pendingReplaces = new LinkedHashMap<>();
        long created;
        long updated;
        long deleted;
        long unchanged;

        Tally(String collection, Attribution by, Checkpoint checkpoint) {
            this.collection = collection;
            this.by = by;
            this.checkpoint = checkpoint;
        }

        private long processed() {
            return created + updated + deleted + unchanged;
        }

        /**
         * A full restore into an empty catalog is nothing but creates, a differential one mostly replaces: batching
         * them costs a few round trips per 500 documents instead of several per document, with the same outbox
         * guarantees (CatalogWriter#createAll, #replaceAll).
         */
        @Override
        public void onlyDesired(Document desired) {
            if (by != null) {
                pendingCreates.put(idOf(desired), CatalogDocuments.businessFields(desired));
                if (pendingCreates.size() >= BATCH) {
                    flushCreates();
                }
            }
            created++;
        }

        void flush() {
            flushCreates();
            flushReplaces();
        }

        private void flushCreates() {
            if (pendingCreates.isEmpty()) {
                return;
            }
            checkpoint.beforeWrite(processed() - pendingCreates.size());
            writer.createAll(collection, new LinkedHashMap<>(pendingCreates), by);
            pendingCreates.clear();
        }

        /** The freeze keeps every other writer out, so a replace that did not land means the restore must stop. */
        private void flushReplaces() {
            if (pendingReplaces.isEmpty()) {
                return;
            }
            checkpoint.beforeWrite(processed() - pendingReplaces.size());
            Set<String> landed = new HashSet<>();
            writer.replaceAll(collection, new LinkedHashMap<>(pendingReplaces), by)
                    .forEach(r -> landed.add(r.documentId()));
            for (var e : pendingReplaces.entrySet()) {
                if (!landed.contains(e.getKey())) {
                    throw new VersionConflictException(
                            collection, e.getKey(), e.getValue().expectedVersion(), -1);
                }
            }
            pendingReplaces.clear();
        }

        @Override
        public void onlyActual(Document actual) {
            if (by != null) {
                checkpoint.beforeWrite(processed());
                writer.delete(collection, idOf(actual), CatalogDocuments.versionOf(actual), by);
            }
            deleted++;
        }

        @Override
        public void both(Document desired, Document actual) {
            if (same(desired, actual)) {
                unchanged++;
                return;
            }
            if (by != null) {
                pendingReplaces.put(
                        idOf(desired),
                        new CatalogWriter.Replacement(
                                CatalogDocuments.versionOf(actual), CatalogDocuments.businessFields(desired)));
                if (pendingReplaces.size() >= BATCH) {
                    flushReplaces();
                }
            }
            updated++;
        }

        private String idOf(Document doc) {
            if (doc.get(CatalogFields.ID) instanceof String id) {
                return id;
            }
            throw new IllegalStateException(collection + " holds a document whose _id " + doc.get(CatalogFields.ID)
                    + " is not a string; catalog ids are strings (docs/architecture.md)");
        }
    }
}
