package io.backstop.outbox;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static io.backstop.outbox.OutboxFields.*;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;

/** The outbox collection's entries and their status transitions; every transition is one conditional update. */
public final class OutboxStore implements ChangeJournal {

    private final MongoCollection<Document> outbox;
    private final MongoCollection<Document> counters;
    private final Clock clock;

    public OutboxStore(MongoDatabase catalogDb, Clock clock) {
        this.outbox = catalogDb.getCollection(OUTBOX);
        this.counters = catalogDb.getCollection(COUNTERS);
        this.clock = clock;
    }

    /** Reserves {@code n} sequence numbers and returns the last one (the first is {@code last - n + 1}). */
    @Override
    public long allocate(int n) {
        Document counter = counters.findOneAndUpdate(
                eq(ID, SEQUENCE_ID),
                Updates.inc(VALUE, (long) n),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return ((Number) counter.get(VALUE)).longValue();
    }

    @Override
    public void insertPending(List<OutboxEntry> entries) {
        if (!entries.isEmpty()) {
            outbox.insertMany(entries.stream().map(OutboxEntry::toBson).toList());
        }
    }

    /**
     * PENDING or ABORTED to READY: called by whoever sees a document (or tombstone) that shows the txId, which
     * proves the write happened. ABORTED is included because recovery may have given up on a writer that was
     * merely slow; an entry already READY (or published and gone) is left alone.
     *
     * <p>One conditional update per entry, sent as one unordered bulk: a point lookup each on any MongoDB, where one
     * {@code updateMany} with an {@code $in} of a batch's ids makes the embedded server compare every entry it
     * updates with every id of the list.
     */
    @Override
    public long promote(Collection<String> txIds) {
        if (txIds.isEmpty()) {
            return 0;
        }
        Bson ready = Updates.combine(Updates.set(STATUS, READY), Updates.set(READY_AT, now()));
        List<UpdateOneModel<Document>> updates = txIds.stream()
                .map(txId -> new UpdateOneModel<Document>(and(eq(ID, txId), in(STATUS, PENDING, ABORTED)), ready))
                .toList();
        return outbox.bulkWrite(updates, new BulkWriteOptions().ordered(false)).getModifiedCount();
    }

    /** PENDING to ABORTED: the write never reached the document. */
    boolean abort(String txId) {
        return outbox.updateOne(
                                and(eq(ID, txId), eq(STATUS, PENDING)),
                                Updates.combine(Updates.set(STATUS, ABORTED), Updates.set(ABORTED_AT, now())))
                        .getModifiedCount()
                > 0;
    }

    /** Drops an entry whose write was refused (conflict): there is nothing to publish or to recover. */
    @Override
    public void discard(Collection<String> txIds) {
        if (!txIds.isEmpty()) {
            outbox.deleteMany(and(in(ID, txIds), eq(STATUS, PENDING)));
        }
    }

    /** The next READY entries in sequence order, for the relay. */
    public List<OutboxEntry> ready(int limit) {
        List<OutboxEntry> result = new ArrayList<>();
        try (var cursor = outbox.find(eq(STATUS, READY))
                .sort(Sorts.ascending(SEQ))
                .limit(limit)
                .iterator()) {
            cursor.forEachRemaining(d -> result.add(OutboxEntry.fromBson(d)));
        }
        return result;
    }

    /**
     * Removes READY entries once the broker acknowledged their records. A published entry has no further use
     * (consumers deduplicate by source position, recovery looks only at PENDING and ABORTED), and an outbox
     * that holds only changes in flight keeps the relay's and the writers' reads of it short.
     */
    public long removePublished(Collection<String> txIds) {
        if (txIds.isEmpty()) {
            return 0;
        }
        return outbox.deleteMany(and(in(ID, txIds), eq(STATUS, READY))).getDeletedCount();
    }

    List<OutboxEntry> pendingCreatedBefore(Instant cutoff, int limit) {
        return find(and(eq(STATUS, PENDING), lt(CREATED_AT, Date.from(cutoff))), limit);
    }

    List<OutboxEntry> abortedBefore(Instant cutoff, int limit) {
        return find(and(eq(STATUS, ABORTED), lt(ABORTED_AT, Date.from(cutoff))), limit);
    }

    boolean deleteAborted(String txId) {
        return outbox.deleteOne(and(eq(ID, txId), eq(STATUS, ABORTED))).getDeletedCount() > 0;
    }

    /** The status of one entry, or null when there is none (for tests and diagnostics). */
    public String status(String txId) {
        Document d = outbox.find(eq(ID, txId)).first();
        return d == null ? null : d.getString(STATUS);
    }

    public long count(String status) {
        return outbox.countDocuments(eq(STATUS, status));
    }

    private List<OutboxEntry> find(Bson filter, int limit) {
        List<OutboxEntry> result = new ArrayList<>();
        try (var cursor =
                outbox.find(filter).sort(Sorts.ascending(SEQ)).limit(limit).iterator()) {
            cursor.forEachRemaining(d -> result.add(OutboxEntry.fromBson(d)));
        }
        return result;
    }

    private Date now() {
        return Date.from(clock.instant());
    }
}
