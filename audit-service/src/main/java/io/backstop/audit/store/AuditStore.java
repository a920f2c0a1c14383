package io.backstop.audit.store;

import static io.backstop.audit.store.AuditFields.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import io.backstop.audit.AuditProperties;
import io.backstop.contracts.Actions;
import io.backstop.contracts.AuditChain;
import io.backstop.contracts.AuditEvent;

/** {@code audit.audit_logs}: insert-only entries, with the indexes every query of the audit API uses. */
@Component
public class AuditStore {

    /** Versions per document that {@link #recentHistories} looks at. */
    public static final int RECENT = 16;

    private static final int FIRST_WINDOW = 4;

    /** Rounds of linking a poll's entries when other writers keep taking the seqs it was given. */
    private static final int LINK_ATTEMPTS = 50;

    private final MongoCollection<Document> logs;
    private final ChainHead head;

    public AuditStore(MongoClient client, AuditProperties properties) {
        this.logs = client.getDatabase(properties.database()).getCollection(COLLECTION_NAME);
        this.head = new ChainHead(client.getDatabase(properties.database()), logs);
        createIndexes();
        // in the constructor: before any consumer stores an entry that would follow one without a hash
        ChainBackfill.run(logs, head);
    }

    private void createIndexes() {
        IndexOptions unique = new IndexOptions().unique(true);
        // idempotence: a change is stored once
        logs.createIndex(Indexes.ascending(SOURCE_POSITION, COLLECTION, DOCUMENT_ID), unique.name("uniq_position"));
        // the global chain's one order: two writers cannot both append at the same seq (sparse: entries stored
        // before the chain existed have none)
        logs.createIndex(
                Indexes.ascending(CHAIN_SEQ),
                new IndexOptions().unique(true).sparse(true).name("uniq_chain_seq"));
        // a document's versions are unique through _id, which is derived from the version (AuditEntry.idOf); this
        // index only serves histories in version order, so it need not be unique (one unique index fewer to keep
        // per insert, which on the embedded server costs as much as the insert itself)
        // (earlier releases made it unique as uniq_version; the same keys cannot be indexed twice)
        for (Document index : logs.listIndexes()) {
            if ("uniq_version".equals(index.getString("name"))) {
                logs.dropIndex("uniq_version");
            }
        }
        logs.createIndex(Indexes.ascending(COLLECTION, DOCUMENT_ID, VERSION), new IndexOptions().name("by_version"));
        // the list, the export and the internal changes feed: keyset on (changedAt, _id) under each filter
        logs.createIndex(Indexes.descending(CHANGED_AT, ID), new IndexOptions().name("by_time"));
        logs.createIndex(
                Indexes.compoundIndex(Indexes.ascending(COLLECTION), Indexes.descending(CHANGED_AT, ID)),
                new IndexOptions().name("by_collection_time"));
        logs.createIndex(
                Indexes.compoundIndex(Indexes.ascending(COLLECTION, DOCUMENT_ID), Indexes.descending(CHANGED_AT, ID)),
                new IndexOptions().name("by_document_time"));
        logs.createIndex(
                Indexes.compoundIndex(Indexes.ascending(ACTION), Indexes.descending(CHANGED_AT, ID)),
                new IndexOptions().name("by_action_time"));
        logs.createIndex(
                Indexes.compoundIndex(Indexes.ascending(CHANGED_BY), Indexes.descending(CHANGED_AT, ID)),
                new IndexOptions().name("by_user_time"));
        logs.createIndex(
                Indexes.compoundIndex(Indexes.ascending(CHANGED_FIELDS), Indexes.descending(CHANGED_AT, ID)),
                new IndexOptions().name("by_field_time"));
    }

    public MongoCollection<Document> collection() {
        return logs;
    }

    /** The document's entries stored under any of {@code sourcePositions}, in version order. */
    public List<AuditEntry> findByPositions(String collection, String documentId, List<String> sourcePositions) {
        List<AuditEntry> out = new ArrayList<>();
        try (MongoCursor<Document> cursor = logs.find(Filters.and(
                        Filters.in(SOURCE_POSITION, sourcePositions),
                        Filters.eq(COLLECTION, collection),
                        Filters.eq(DOCUMENT_ID, documentId)))
                .iterator()) {
            cursor.forEachRemaining(d -> out.add(AuditEntries.fromDocument(d)));
        }
        out.sort(java.util.Comparator.comparingLong(AuditEntry::version));
        return out;
    }

    /** Every document of {@code collection} the trail has an entry of (an index-only scan on a real MongoDB). */
    public Set<String> documentIds(String collection) {
        Set<String> ids = new HashSet<>();
        logs.distinct(DOCUMENT_ID, Filters.eq(COLLECTION, collection), String.class)
                .into(ids);
        return ids;
    }

    /** Whether an entry of the document came from the write {@code txId} (the {@code _change.txId} it stamped). */
    public boolean hasTxId(String collection, String documentId, String txId) {
        return logs.find(Filters.and(ofDocument(collection, documentId), Filters.eq(TX_ID, txId)))
                        .projection(Projections.include(ID))
                        .first()
                != null;
    }

    /** How many entries carry {@code action}: answered from the {@code by_action_time} index. */
    public long countByAction(Actions action) {
        return logs.countDocuments(Filters.eq(ACTION, action.value()));
    }

    /**
     * The newest entry of a document. Versions run 1, 2, 3... without gaps and entries are never deleted, and an
     * entry's id is derived from its version, so this looks the ids up in windows of growing size (16, then 64,
     * 256, at most 1,024 per round trip) until one is not all there: one round trip for almost every document.
     * Lookups by id are what every MongoDB, the embedded one included, answers from an index; a sort by version
     * under a filter is one the embedded server can only answer by reading the whole log, on every change.
     */
    public Optional<AuditEntry> latest(String collection, String documentId) {
        Document newest = null;
        long from = 1;
        int window = 16;
        while (true) {
            List<String> ids = new ArrayList<>(window);
            addVersionIds(ids, collection, documentId, from, window);
            Document top = logs.find(Filters.in(ID, ids))
                    .sort(Sorts.descending(VERSION))
                    .limit(1)
                    .first();
            if (top == null) {
                break;
            }
            newest = top;
            long version = ((Number) top.get(VERSION)).longValue();
            if (version < from + window - 1) {
                break;
            }
            from = version + 1;
            window = Math.min(window * 4, 1024);
        }
        return Optional.ofNullable(newest).map(AuditEntries::fromDocument);
    }

    /** One catalog document, as the trail names it. */
    public record DocumentRef(String collection, String documentId) {}

    /**
     * What the trail holds of one document, as far as one look saw: its newest entry and the source positions of
     * its entries, and whether that is all of them. Entries added by the caller are taken in as they are stored.
     */
    public static final class History {

        private final Set<String> positions;
        private AuditEntry latest;
        private final boolean complete;

        History(AuditEntry latest, Set<String> positions, boolean complete) {
            this.latest = latest;
            this.positions = positions;
            this.complete = complete;
        }

        public AuditEntry latest() {
            return latest;
        }

        /** False when the document has more versions than were looked at: look each change up on its own. */
        public boolean complete() {
            return complete;
        }

        public boolean holds(String sourcePosition) {
            return positions.contains(sourcePosition);
        }

        public void add(AuditEntry entry) {
            latest = entry;
            positions.add(entry.sourcePosition());
        }
    }

    /**
     * The histories of many documents, for documents with at most {@value #RECENT} versions (the others come back
     * incomplete): the ids of versions 1 to {@value #FIRST_WINDOW} of every document, positions only; for the
     * documents that have all of those, the ids up to {@value #RECENT}; then the newest entry of each in full. All
     * are lookups by id, which every MongoDB answers from an index, the embedded one included. Most documents of a
     * poll are new or young: asking for sixteen ids each, of which nearly all were missing, was a sixth of what
     * both audit-service and the embedded server spent per change.
     */
    public Map<DocumentRef, History> recentHistories(Collection<DocumentRef> documents) {
        Map<DocumentRef, History> histories = new HashMap<>();
        List<DocumentRef> all = List.copyOf(new LinkedHashSet<>(documents));
        for (int from = 0; from < all.size(); from += 256) {
            List<DocumentRef> chunk = all.subList(from, Math.min(all.size(), from + 256));
            Map<DocumentRef, Set<String>> positions = new HashMap<>();
            Map<DocumentRef, Long> newest = new HashMap<>();
            List<DocumentRef> open = chunk;
            long firstVersion = 1;
            for (int window : new int[] {FIRST_WINDOW, RECENT - FIRST_WINDOW}) {
                List<String> ids = new ArrayList<>(open.size() * window);
                for (DocumentRef d : open) {
                    addVersionIds(ids, d.collection(), d.documentId(), firstVersion, window);
                }
                try (MongoCursor<Document> cursor = logs.find(Filters.in(ID, ids))
                        .projection(Projections.include(COLLECTION, DOCUMENT_ID, VERSION, SOURCE_POSITION))
                        .iterator()) {
                    cursor.forEachRemaining(d -> {
                        DocumentRef ref = new DocumentRef(d.getString(COLLECTION), d.getString(DOCUMENT_ID));
                        positions.computeIfAbsent(ref, r -> new HashSet<>()).add(d.getString(SOURCE_POSITION));
                        newest.merge(ref, ((Number) d.get(VERSION)).longValue(), Math::max);
                    });
                }
                // versions have no gaps: only a document that has every version asked for may have more
                long lastAsked = firstVersion + window - 1;
                open = open.stream()
                        .filter(d -> newest.getOrDefault(d, 0L) == lastAsked)
                        .toList();
                firstVersion += window;
                if (open.isEmpty()) {
                    break;
                }
            }
            Map<String, AuditEntry> latest = new HashMap<>();
            List<String> latestIds = newest.entrySet().stream()
                    .map(e ->
                            AuditEntry.idOf(e.getKey().collection(), e.getKey().documentId(), e.getValue()))
                    .toList();
            if (!latestIds.isEmpty()) {
                try (MongoCursor<Document> cursor =
                        logs.find(Filters.in(ID, latestIds)).iterator()) {
                    cursor.forEachRemaining(d -> latest.put(d.getString(ID), AuditEntries.fromDocument(d)));
                }
            }
            for (DocumentRef d : chunk) {
                Long version = newest.get(d);
                AuditEntry entry =
                        version == null ? null : latest.get(AuditEntry.idOf(d.collection(), d.documentId(), version));
                boolean complete = (version == null || version < RECENT) && (version == null) == (entry == null);
                histories.put(d, new History(entry, positions.getOrDefault(d, new HashSet<>()), complete));
            }
        }
        return histories;
    }

    /** The ids of versions {@code from} to {@code from + count - 1} of one document (see {@link AuditEntry#idOf}). */
    private static void addVersionIds(List<String> ids, String collection, String documentId, long from, int count) {
        for (long v = from; v < from + count; v++) {
            ids.add(AuditEntry.idOf(collection, documentId, v));
        }
    }

    /**
     * Inserts the entries in their order, each appended to the global chain, and stops at the first that is already
     * there (a concurrent consumer's duplicate or a version clash): returns the entries inserted, as stored (with
     * their links), all of them when nothing clashed. A clash on the chain's seq alone (another writer appended
     * first) links the rest again after the new tail and goes on.
     */
    public List<AuditEntry> insertInOrder(List<AuditEntry> entries) {
        List<AuditEntry> stored = new ArrayList<>(entries.size());
        for (int attempt = 1; stored.size() < entries.size(); attempt++) {
            List<AuditEntry> linked = link(entries.subList(stored.size(), entries.size()), head.tail());
            try {
                logs.insertMany(
                        linked.stream().map(AuditEntries::toDocument).toList(), new InsertManyOptions().ordered(true));
                stored.addAll(linked);
            } catch (MongoBulkWriteException e) {
                BulkWriteError first = e.getWriteErrors().get(0);
                if (ErrorCategory.fromErrorCode(first.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                stored.addAll(linked.subList(0, first.getIndex()));
                if (isStored(linked.get(first.getIndex()))) {
                    break;
                }
                if (attempt == LINK_ATTEMPTS) {
                    // transient: the records are delivered again and find what got in
                    throw new IllegalStateException("could not append to the audit chain in " + attempt
                            + " attempts: other writers kept taking its next seq");
                }
            } finally {
                if (!stored.isEmpty()) {
                    head.advance(stored.get(stored.size() - 1));
                }
            }
        }
        return stored;
    }

    /**
     * Inserts the entry, appended to the global chain; empty when an entry with the same id, version or source
     * position is already there (a concurrent duplicate or a version clash, which the caller tells apart by
     * looking again).
     */
    public Optional<AuditEntry> insert(AuditEntry entry) {
        return insertInOrder(List.of(entry)).stream().findFirst();
    }

    /** The entries linked one after the other from {@code tail} on. */
    private static List<AuditEntry> link(List<AuditEntry> entries, ChainHead.Tail tail) {
        List<AuditEntry> linked = new ArrayList<>(entries.size());
        long seq = tail.seq();
        String prevId = tail.id();
        String prevHash = tail.hash();
        for (AuditEntry e : entries) {
            if (e.hash() == null) {
                throw new IllegalArgumentException(
                        "entry " + e.id() + " has no hash: build it with AuditEntry.following");
            }
            seq++;
            AuditEntry l = e.linked(
                    new AuditEvent.Link(seq, prevId, prevHash, AuditChain.linkHash(seq, prevId, prevHash, e.hash())));
            linked.add(l);
            prevId = l.id();
            prevHash = l.chain().hash();
        }
        return linked;
    }

    /** Whether the entry itself (its id or its source position) is stored, not just something at its seq. */
    private boolean isStored(AuditEntry e) {
        return logs.find(Filters.or(
                                Filters.eq(ID, e.id()),
                                Filters.and(
                                        Filters.eq(SOURCE_POSITION, e.sourcePosition()),
                                        Filters.eq(COLLECTION, e.collection()),
                                        Filters.eq(DOCUMENT_ID, e.documentId()))))
                        .projection(Projections.include(ID))
                        .first()
                != null;
    }

    /** The checkpointed head of the global chain (docs/audit-chain.md). */
    public ChainHead.Tail chainHead() {
        return head.checkpoint();
    }

    public Optional<AuditEntry> version(String collection, String documentId, long version) {
        Document d = logs.find(Filters.eq(ID, AuditEntry.idOf(collection, documentId, version)))
                .first();
        return Optional.ofNullable(d).map(AuditEntries::fromDocument);
    }

    /** The last entry at or before {@code at}: the state of the document at that instant. */
    public Optional<AuditEntry> asOf(String collection, String documentId, Instant at) {
        Document d = logs.find(Filters.and(ofDocument(collection, documentId), Filters.lte(CHANGED_AT, Date.from(at))))
                .sort(Sorts.descending(VERSION))
                .limit(1)
                .first();
        return Optional.ofNullable(d).map(AuditEntries::fromDocument);
    }

    public List<AuditEntry> history(String collection, String documentId) {
        List<AuditEntry> out = new ArrayList<>();
        try (MongoCursor<Document> cursor = logs.find(ofDocument(collection, documentId))
                .sort(Sorts.ascending(VERSION))
                .iterator()) {
            cursor.forEachRemaining(d -> out.add(AuditEntries.fromDocument(d)));
        }
        return out;
    }

    /** The document's entries after {@code version}, oldest first: what happened to it since a client looked. */
    public List<AuditEntry> since(String collection, String documentId, long version) {
        List<AuditEntry> out = new ArrayList<>();
        try (MongoCursor<Document> cursor = logs.find(
                        Filters.and(ofDocument(collection, documentId), Filters.gt(VERSION, version)))
                .sort(Sorts.ascending(VERSION))
                .iterator()) {
            cursor.forEachRemaining(d -> out.add(AuditEntries.fromDocument(d)));
        }
        return out;
    }

    private static Bson ofDocument(String collection, String documentId) {
        return Filters.and(Filters.eq(COLLECTION, collection), Filters.eq(DOCUMENT_ID, documentId));
    }
}
