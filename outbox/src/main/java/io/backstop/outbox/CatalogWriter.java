package io.backstop.outbox;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static io.backstop.contracts.CatalogFields.*;
import static io.backstop.outbox.OutboxFields.CHANGE_TX_ID;
import static io.backstop.outbox.OutboxFields.LAST_VERSION;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;

import io.backstop.diff.DocumentDiff;

/**
 * The one way anything writes a catalog document so that its change is captured exactly once, without
 * transactions (the embedded server has none). catalog-service uses it for API writes, backup-service for
 * restores.
 *
 * <h2>Protocol</h2>
 * Every write is a sequence of single-document operations, each of which either happened or not:
 * <ol>
 * <li>Read the current document (and for a create, its tombstone). The read comes first so that, for one
 *     document, a later successful write always gets a higher seq than the earlier one: its writer allocated
 *     the seq after it saw the earlier write's result. That is what keeps the relay's seq order a valid order
 *     per document.</li>
 * <li>{@link Step#SEQ_ALLOCATED}: {@code counters} {@code $inc}. A crash here leaves a gap in seq, nothing
 *     else.</li>
 * <li>{@link Step#ENTRY_INSERTED}: insert {@code {_id: txId, seq, status: PENDING, collection, documentId,
 *     op, before, after, createdAt}}. {@code after} is the exact document about to be written.</li>
 * <li>{@link Step#PREVIOUS_PROMOTED}: the current document's {@code _change.txId} (and, for creates and
 *     deletes, the tombstone's txId) names a write that happened, because the document shows it. Its entry is
 *     flipped to READY before we overwrite the evidence, otherwise a writer that crashed after its write would
 *     be judged "never happened" by recovery once we replaced the document.</li>
 * <li>{@link Step#DOCUMENT_WRITTEN}: one conditional write that sets {@code _change.txId = txId}. The filter
 *     is the snapshot read in 1 ({@code version} and {@code _change.txId}), so a concurrent writer makes it
 *     match nothing: the entry is discarded and a typed conflict raised. From here on the document proves the
 *     change happened.
 *     <br>A delete instead writes a <em>delete marker</em> ({@link Step#MARKER_WRITTEN}: the same business
 *     fields, bumped version, {@code _change} of the delete with {@code deleted: true}), then upserts the
 *     tombstone {@code {_id: collection/id, txId, lastVersion}} ({@link Step#TOMBSTONE_WRITTEN}), then
 *     {@code deleteOne({_id, _change.txId: txId})} ({@link Step#DOCUMENT_DELETED}). The tombstone is written
 *     before the removal so that the proof survives the document.</li>
 * <li>{@link Step#ENTRY_READY}: flip the entry to READY (from PENDING or ABORTED, see below).</li>
 * </ol>
 *
 * <h2>Recovery</h2>
 * {@link OutboxRecovery} looks at entries PENDING for longer than a grace period: if the document shows the
 * txId (for a delete: the marker, which it then finishes removing; or the tombstone) the change happened and
 * the entry becomes READY; otherwise it never will happen (the conditional write's filter no longer matches
 * once anything else wrote the document) and the entry becomes ABORTED. A writer that was only slow and writes
 * after all flips its own entry from ABORTED to READY, and so does whoever overwrites its document next; the
 * retention sweep re-checks an ABORTED entry against the document before deleting it. The only case left is a
 * writer paused for longer than the whole retention period whose write then still lands: documented, not
 * handled.
 *
 * <h2>What a crash between two steps leaves</h2>
 * Before the document write: an entry that recovery aborts (never published). After it: an entry that
 * recovery promotes (published once). The relay publishes only READY entries and deletes them after
 * the broker acknowledged, so a crash of the relay re-publishes (at least once; consumers deduplicate by the
 * source position {@code createdAt:seq}, which is stable).
 *
 * <h2>Limits</h2>
 * A write that bypasses this class (mongo shell, script) is not captured in outbox mode and may leave the
 * previous entry's evidence overwritten; documents without {@code version} or {@code _change} are read as
 * version 0 and written normally. A direct write between our read and our conditional write that touches
 * neither {@code version} nor {@code _change} is not detected (the entry's {@code before} is then stale).
 *
 * <p>Every write checks the write freeze first ({@link WriteFreeze}); a restore, which sets the freeze, uses
 * {@link #bypassingWriteFreeze()}. The freeze is checked before the write, so a restore should wait until no
 * write is in flight after setting it: a few seconds, or until {@link OutboxStore#count} of PENDING is 0.
 *
 * <h2>Debezium capture</h2>
 * In {@link CaptureMode#DEBEZIUM} the change streams of the documents are the record of every change, so the
 * steps that concern the outbox entry (allocate, insert, promote, mark READY) are left out and the rest (snapshot
 * read, conditional write stamped with {@code _change}, delete marker, tombstone, removal) is the same.
 */
public final class CatalogWriter {

    private static final Logger log = LoggerFactory.getLogger(CatalogWriter.class);

    private final MongoDatabase db;
    private final Clock clock;
    private final FaultPoint fault;
    private final CaptureMode capture;
    private final boolean bypassFreeze;
    private final ChangeJournal outbox;
    private final WriteFreeze freeze;
    private final Tombstones tombstones;
    private final SiblingOrder siblings;

    /** A writer for the outbox capture mode. */
    public CatalogWriter(MongoDatabase catalogDb) {
        this(catalogDb, Clock.systemUTC(), FaultPoint.NONE, CaptureMode.OUTBOX);
    }

    public CatalogWriter(MongoDatabase catalogDb, Clock clock, FaultPoint fault) {
        this(catalogDb, clock, fault, CaptureMode.OUTBOX);
    }

    /** @param capture in {@link CaptureMode#DEBEZIUM} the steps that record the change in the outbox are left out */
    public CatalogWriter(MongoDatabase catalogDb, Clock clock, FaultPoint fault, CaptureMode capture) {
        this(catalogDb, clock, fault, capture, false);
    }

    private CatalogWriter(MongoDatabase db, Clock clock, FaultPoint fault, CaptureMode capture, boolean bypassFreeze) {
        this.db = db;
        this.clock = clock;
        this.fault = fault;
        this.capture = capture;
        this.bypassFreeze = bypassFreeze;
        this.outbox = ChangeJournal.of(capture, new OutboxStore(db, clock));
        this.freeze = new WriteFreeze(db, clock);
        this.tombstones = new Tombstones(db, outbox);
        this.siblings = new SiblingOrder(db);
    }

    /** The same writer without the write-freeze check: only for the restore that holds the freeze. */
    public CatalogWriter bypassingWriteFreeze() {
        return new CatalogWriter(db, clock, fault, capture, true);
    }

    /** A new document id: 24 lowercase hex characters, as docs/architecture.md fixes. */
    public static String newId() {
        return new ObjectId().toHexString();
    }

    /**
     * Creates {@code collection/id} with the business fields of {@code state}, version 1 (or the deleted
     * predecessor's last version + 1 when the id is re-created).
     *
     * @throws DocumentExistsException if a document (or a delete marker) with that id exists
     */
    public WriteResult create(String collection, String id, Document state, Attribution by) {
        return create(collection, id, null, state, by);
    }

    /**
     * Re-creates {@code collection/id}, which must have been deleted at {@code expectedVersion} (the version of its
     * delete marker; 0 for an id that never existed): a rollback of a deleted document that someone re-created and
     * deleted again since the caller looked must not bring back the wrong state silently.
     *
     * @throws DocumentExistsException  if a document (or a delete marker) with that id exists
     * @throws VersionConflictException if it was deleted at another version
     */
    public WriteResult recreate(String collection, String id, long expectedVersion, Document state, Attribution by) {
        return create(collection, id, expectedVersion, state, by);
    }

    /** The version {@code collection/id} was deleted at (its tombstone's), or 0 when there is no tombstone. */
    public long deletedVersion(String collection, String id) {
        return lastVersion(tombstones.find(collection, id));
    }

    private WriteResult create(String collection, String id, Long expectedVersion, Document state, Attribution by) {
        checkFreeze();
        MongoCollection<Document> docs = db.getCollection(collection);
        if (docs.find(CatalogDocuments.byId(id)).first() != null) {
            throw new DocumentExistsException(collection, id);
        }
        Document tombstone = tombstones.find(collection, id);
        if (expectedVersion != null && lastVersion(tombstone) != expectedVersion) {
            throw new VersionConflictException(collection, id, expectedVersion, lastVersion(tombstone));
        }
        long version = lastVersion(tombstone) + 1;
        String txId = newTxId();
        Document after = compose(id, state, version, change(txId, by, false), null);
        long seq = allocateAndInsert(txId, collection, id, ChangeOp.CREATE, null, after);
        if (tombstone != null) {
            outbox.promote(tombstone.getString(OutboxFields.TX_ID));
        }
        fault.reached(Step.PREVIOUS_PROMOTED);
        try {
            docs.insertOne(after);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                outbox.discard(List.of(txId));
                throw new DocumentExistsException(collection, id);
            }
            throw e;
        }
        fault.reached(Step.DOCUMENT_WRITTEN);
        raiseSiblingOrder(collection, List.of(after));
        return finish(txId, seq, collection, id, version, after);
    }

    /**
     * Creates many documents at once with the same protocol, batched (one counter increment, one insert of the
     * entries, one of the documents, one promotion): for seeds and restores. Ids that already exist are
     * skipped and absent from the result.
     *
     * @param statesById business fields per new id, in the order they should be captured
     */
    public List<WriteResult> createAll(String collection, Map<String, Document> statesById, Attribution by) {
        checkFreeze();
        if (statesById.isEmpty()) {
            return List.of();
        }
        MongoCollection<Document> docs = db.getCollection(collection);
        Set<String> existing = new HashSet<>();
        try (var cursor = docs.find(in(ID, statesById.keySet()))
                .projection(Projections.include(ID))
                .iterator()) {
            cursor.forEachRemaining(d -> existing.add(d.getString(ID)));
        }
        int count = statesById.size() - existing.size();
        if (count == 0) {
            return List.of();
        }
        Map<String, Document> previous = tombstones.findAll(collection, statesById.keySet());
        Instant now = clock.instant();
        long seq = outbox.allocate(count) - count;
        fault.reached(Step.SEQ_ALLOCATED);
        Map<String, OutboxEntry> entries = new LinkedHashMap<>();
        List<Document> toInsert = new ArrayList<>();
        for (var e : statesById.entrySet()) {
            if (existing.contains(e.getKey())) {
                continue;
            }
            Document tomb = previous.get(e.getKey());
            long version = tomb == null ? 1 : ((Number) tomb.get(LAST_VERSION)).longValue() + 1;
            String txId = newTxId();
            Document after = compose(e.getKey(), e.getValue(), version, change(txId, by, false), null);
            entries.put(
                    txId,
                    new OutboxEntry(
                            txId,
                            ++seq,
                            OutboxFields.PENDING,
                            collection,
                            e.getKey(),
                            ChangeOp.CREATE,
                            null,
                            after,
                            now));
            toInsert.add(after);
        }
        List<String> previousTxIds = previous.values().stream()
                .map(t -> t.getString(OutboxFields.TX_ID))
                .toList();
        return commitBatch(
                collection,
                entries,
                previousTxIds,
                () -> docs.insertMany(toInsert, new InsertManyOptions().ordered(false)));
    }

    /** What {@link #replaceAll} replaces one document with, and the version the caller saw. */
    public record Replacement(long expectedVersion, Document state) {}

    /**
     * Replaces many documents at once with the same protocol as {@link #replace}, batched like {@link #createAll}
     * (one read, one counter increment, one insert of the entries, one bulk of conditional replaces, one
     * promotion): for restores, which rewrite thousands of documents while holding the write freeze. A document
     * that is missing, being deleted, at another version than expected, or written concurrently is left alone and
     * absent from the result; the caller decides whether that is a conflict.
     *
     * @param replacementsById per id, in the order the changes should be captured
     */
    public List<WriteResult> replaceAll(String collection, Map<String, Replacement> replacementsById, Attribution by) {
        checkFreeze();
        if (replacementsById.isEmpty()) {
            return List.of();
        }
        MongoCollection<Document> docs = db.getCollection(collection);
        Map<String, Document> current = new LinkedHashMap<>();
        try (var cursor = docs.find(in(ID, replacementsById.keySet())).iterator()) {
            cursor.forEachRemaining(d -> current.put(d.getString(ID), d));
        }
        List<String> ids = new ArrayList<>();
        replacementsById.forEach((id, replacement) -> {
            Document doc = current.get(id);
            if (doc != null
                    && !CatalogDocuments.isDeleteMarker(doc)
                    && CatalogDocuments.versionOf(doc) == replacement.expectedVersion()) {
                ids.add(id);
            }
        });
        if (ids.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        long seq = outbox.allocate(ids.size()) - ids.size();
        fault.reached(Step.SEQ_ALLOCATED);
        Map<String, OutboxEntry> entries = new LinkedHashMap<>();
        List<ReplaceOneModel<Document>> writes = new ArrayList<>();
        List<String> previousTxIds = new ArrayList<>();
        for (String id : ids) {
            Document before = current.get(id);
            String txId = newTxId();
            Document after = compose(
                    before.get(ID),
                    replacementsById.get(id).state(),
                    CatalogDocuments.versionOf(before) + 1,
                    change(txId, by, false),
                    before);
            entries.put(
                    txId,
                    new OutboxEntry(
                            txId, ++seq, OutboxFields.PENDING, collection, id, ChangeOp.UPDATE, before, after, now));
            writes.add(new ReplaceOneModel<>(sameSnapshot(before), after));
            String previousTx = CatalogDocuments.txIdOf(before);
            if (previousTx != null) {
                previousTxIds.add(previousTx);
            }
        }
        return commitBatch(
                collection,
                entries,
                previousTxIds,
                () -> docs.bulkWrite(writes, new BulkWriteOptions().ordered(false)));
    }

    /**
     * The steps a batch shares from the insert of its PENDING entries on: promote what the documents about to be
     * overwritten show, write, then find out which writes landed by the txIds the documents now carry (a
     * concurrent writer makes some of them miss), discard the entries of the others and promote the rest.
     */
    private List<WriteResult> commitBatch(
            String collection, Map<String, OutboxEntry> entries, Collection<String> previousTxIds, Runnable write) {
        outbox.insertPending(new ArrayList<>(entries.values()));
        fault.reached(Step.ENTRY_INSERTED);
        outbox.promote(previousTxIds);
        fault.reached(Step.PREVIOUS_PROMOTED);
        try {
            if (!entries.isEmpty()) {
                write.run();
            }
        } catch (MongoBulkWriteException e) {
            // some documents were written concurrently: the check below sorts out which of ours landed
        }
        fault.reached(Step.DOCUMENT_WRITTEN);
        Set<String> landed = new HashSet<>();
        List<String> ids =
                entries.values().stream().map(OutboxEntry::documentId).toList();
        try (var cursor = db.getCollection(collection)
                .find(and(in(ID, ids), in(CHANGE_TX_ID, entries.keySet())))
                .projection(Projections.include(CHANGE_TX_ID))
                .iterator()) {
            cursor.forEachRemaining(d -> landed.add(CatalogDocuments.txIdOf(d)));
        }
        outbox.discard(
                entries.keySet().stream().filter(t -> !landed.contains(t)).toList());
        outbox.promote(landed);
        fault.reached(Step.ENTRY_READY);
        raiseSiblingOrder(
                collection,
                entries.values().stream()
                        .filter(e -> landed.contains(e.txId()))
                        .map(OutboxEntry::after)
                        .toList());
        List<WriteResult> results = new ArrayList<>();
        for (OutboxEntry entry : entries.values()) {
            if (landed.contains(entry.txId())) {
                results.add(new WriteResult(
                        entry.txId(),
                        entry.seq(),
                        collection,
                        entry.documentId(),
                        CatalogDocuments.versionOf(entry.after()),
                        entry.after()));
            }
        }
        return results;
    }

    /**
     * Replaces the business fields of {@code collection/id}, which must be at {@code expectedVersion} (0 for a
     * document written directly to the database without a version). When they already are {@code state}, nothing
     * is written and the result is {@link WriteResult#unchanged}.
     *
     * @throws DocumentNotFoundException if there is no such document (or it is being deleted)
     * @throws VersionConflictException  if it is at another version, or changes concurrently
     */
    public WriteResult replace(String collection, String id, long expectedVersion, Document state, Attribution by) {
        checkFreeze();
        MongoCollection<Document> docs = db.getCollection(collection);
        Document current = live(docs, collection, id, expectedVersion);
        long version = CatalogDocuments.versionOf(current) + 1;
        String txId = newTxId();
        Document after = compose(current.get(ID), state, version, change(txId, by, false), current);
        if (DocumentDiff.equalIgnoring(current, after, BOOKKEEPING)) {
            // checked before anything is written: in Debezium mode even a write of the same fields would reach
            // the change stream (a new _change) and become a version without changes
            return WriteResult.unchanged(collection, id, expectedVersion, current);
        }
        long seq = allocateAndInsert(txId, collection, id, ChangeOp.UPDATE, current, after);
        promotePrevious(current);
        if (docs.replaceOne(sameSnapshot(current), after).getMatchedCount() == 0) {
            outbox.discard(List.of(txId));
            throw new VersionConflictException(collection, id, expectedVersion, -1);
        }
        fault.reached(Step.DOCUMENT_WRITTEN);
        raiseSiblingOrder(collection, List.of(after));
        return finish(txId, seq, collection, id, version, after);
    }

    /**
     * Deletes {@code collection/id} at {@code expectedVersion}: delete marker, tombstone, removal.
     *
     * @throws DocumentNotFoundException if there is no such document (or it is being deleted)
     * @throws VersionConflictException  if it is at another version, or changes concurrently
     */
    public WriteResult delete(String collection, String id, long expectedVersion, Attribution by) {
        checkFreeze();
        MongoCollection<Document> docs = db.getCollection(collection);
        Document current = live(docs, collection, id, expectedVersion);
        long version = CatalogDocuments.versionOf(current) + 1;
        String txId = newTxId();
        Document marker = compose(current.get(ID), current, version, change(txId, by, true), current);
        long seq = allocateAndInsert(txId, collection, id, ChangeOp.DELETE, marker, null);
        promotePrevious(current);
        if (docs.replaceOne(sameSnapshot(current), marker).getMatchedCount() == 0) {
            outbox.discard(List.of(txId));
            throw new VersionConflictException(collection, id, expectedVersion, -1);
        }
        fault.reached(Step.MARKER_WRITTEN);
        tombstones.finishDelete(collection, id, txId, version, fault);
        return finish(txId, seq, collection, id, version, marker);
    }

    private Document live(MongoCollection<Document> docs, String collection, String id, long expectedVersion) {
        Document current = docs.find(CatalogDocuments.byId(id)).first();
        if (current == null || CatalogDocuments.isDeleteMarker(current)) {
            throw new DocumentNotFoundException(collection, id);
        }
        long currentVersion = CatalogDocuments.versionOf(current);
        if (currentVersion != expectedVersion) {
            throw new VersionConflictException(collection, id, expectedVersion, currentVersion);
        }
        return current;
    }

    private static long lastVersion(Document tombstone) {
        return tombstone == null ? 0 : ((Number) tombstone.get(LAST_VERSION)).longValue();
    }

    private long allocateAndInsert(
            String txId, String collection, String id, String op, Document before, Document after) {
        long seq = outbox.allocate(1);
        fault.reached(Step.SEQ_ALLOCATED);
        outbox.insertPending(List.of(
                new OutboxEntry(txId, seq, OutboxFields.PENDING, collection, id, op, before, after, clock.instant())));
        fault.reached(Step.ENTRY_INSERTED);
        return seq;
    }

    private void promotePrevious(Document current) {
        String previousTx = CatalogDocuments.txIdOf(current);
        if (previousTx != null) {
            outbox.promote(previousTx);
        }
        fault.reached(Step.PREVIOUS_PROMOTED);
    }

    /** Best effort: the write has happened; a mark left low only lets the next create tie with a sibling. */
    private void raiseSiblingOrder(String collection, List<Document> written) {
        try {
            siblings.raise(collection, written);
        } catch (RuntimeException e) {
            log.warn("Could not raise the sibling order of {} after a write: {}", collection, e.toString());
        }
    }

    private WriteResult finish(String txId, long seq, String collection, String id, long version, Document doc) {
        outbox.promote(txId);
        fault.reached(Step.ENTRY_READY);
        return new WriteResult(txId, seq, collection, id, version, doc);
    }

    /** Matches the document only while it still is the state we read (and put in the entry's before). */
    private static Bson sameSnapshot(Document current) {
        Object version = current.get(VERSION);
        String txId = CatalogDocuments.txIdOf(current);
        return and(
                eq(ID, current.get(ID)),
                version == null ? exists(VERSION, false) : eq(VERSION, version),
                txId == null ? exists(CHANGE_TX_ID, false) : eq(CHANGE_TX_ID, txId));
    }

    /** @param previous the document this write replaces, whose creation stamp it keeps; null for a creation */
    private Document compose(Object id, Document state, long version, Document change, Document previous) {
        Objects.requireNonNull(state, "state");
        CatalogDocuments.requireSafeKeys(state, "");
        Document doc = new Document(ID, id);
        doc.putAll(CatalogDocuments.businessFields(state));
        doc.append(VERSION, version).append(CHANGE, change);
        Object created =
                previous == null ? new Document(BY, change.get(BY)).append(AT, change.get(AT)) : previous.get(CREATED);
        return created == null ? doc : doc.append(CREATED, created);
    }

    private Document change(String txId, Attribution by, boolean deleted) {
        Document change = new Document(TX_ID, txId)
                .append(ACTION, by.action().value())
                .append(BY, by.by())
                .append(AT, Date.from(clock.instant()))
                .append(REASON, by.reason())
                .append(REQUEST_ID, by.requestId())
                .append(METADATA, by.metadata());
        if (deleted) {
            change.append(DELETED, true);
        }
        return change;
    }

    private void checkFreeze() {
        if (!bypassFreeze) {
            freeze.check();
        }
    }

    private static String newTxId() {
        return new ObjectId().toHexString();
    }

    /** Debezium's op codes as the entries store them. */
    static final class ChangeOp {
        static final String CREATE = "c";
        static final String UPDATE = "u";
        static final String DELETE = "d";

        private ChangeOp() {}
    }
}
