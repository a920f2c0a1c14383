package io.backstop.audit.store;

import static io.backstop.audit.store.AuditFields.*;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.backstop.contracts.AuditChain;
import io.backstop.contracts.AuditEvent;

/**
 * Entries stored before the chains existed, hashed and linked once, at start-up, before the consumers start (so no
 * new entry follows a predecessor that has no hash yet). Each step is a conditional update of one entry and the
 * hashes are a function of the entry, so instances starting together, or one that crashed half-way, end with the
 * same chains. They join the global chain in time order, after whatever is on it.
 */
final class ChainBackfill {

    private static final Logger log = LoggerFactory.getLogger(ChainBackfill.class);

    private ChainBackfill() {}

    static void run(MongoCollection<Document> logs, ChainHead head) {
        long hashed = hashDocumentChains(logs);
        long linked = link(logs, head);
        if (hashed + linked > 0) {
            log.info(
                    "Audit trail: {} entries stored before the hash chains hashed, {} linked into the global chain",
                    hashed,
                    linked);
        }
    }

    private static long hashDocumentChains(MongoCollection<Document> logs) {
        long n = 0;
        String previousDocument = null;
        String previousHash = null;
        try (MongoCursor<Document> cursor = logs.find(Filters.exists(HASH, false))
                .sort(Sorts.ascending(COLLECTION, DOCUMENT_ID, VERSION))
                .iterator()) {
            while (cursor.hasNext()) {
                AuditEntry e = AuditEntries.fromDocument(cursor.next());
                String document = e.collection() + "/" + e.documentId();
                if (!document.equals(previousDocument)) {
                    Document predecessor = e.version() == 1
                            ? null
                            : logs.find(Filters.eq(
                                            ID, AuditEntry.idOf(e.collection(), e.documentId(), e.version() - 1)))
                                    .projection(Projections.include(HASH))
                                    .first();
                    previousHash = predecessor == null ? null : predecessor.getString(HASH);
                }
                AuditEntry hashed = e.hashed(previousHash);
                logs.updateOne(
                        Filters.and(Filters.eq(ID, e.id()), Filters.exists(HASH, false)),
                        Updates.combine(Updates.set(PREV_HASH, previousHash), Updates.set(HASH, hashed.hash())));
                previousDocument = document;
                previousHash = hashed.hash();
                n++;
            }
        }
        return n;
    }

    private static long link(MongoCollection<Document> logs, ChainHead head) {
        long n = 0;
        try (MongoCursor<Document> cursor = logs.find(Filters.exists(CHAIN_SEQ, false))
                .projection(Projections.include(ID, HASH))
                .sort(Sorts.ascending(CHANGED_AT, ID))
                .iterator()) {
            while (cursor.hasNext()) {
                Document d = cursor.next();
                if (linkOne(logs, head, d.getString(ID), d.getString(HASH))) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Links the entry after the tail; false when another instance linked it first. */
    private static boolean linkOne(MongoCollection<Document> logs, ChainHead head, String id, String hash) {
        for (int attempt = 1; ; attempt++) {
            ChainHead.Tail tail = head.tail();
            long seq = tail.seq() + 1;
            AuditEvent.Link link = new AuditEvent.Link(
                    seq, tail.id(), tail.hash(), AuditChain.linkHash(seq, tail.id(), tail.hash(), hash));
            try {
                long matched = logs.updateOne(
                                Filters.and(Filters.eq(ID, id), Filters.exists(CHAIN_SEQ, false)),
                                Updates.set(
                                        CHAIN,
                                        new Document(SEQ, seq)
                                                .append(PREV_ID, link.prevId())
                                                .append(PREV_HASH, link.prevHash())
                                                .append(HASH, link.hash())))
                        .getMatchedCount();
                if (matched == 0) {
                    return false;
                }
                head.advance(id, link);
                return true;
            } catch (MongoWriteException e) {
                // another instance took that seq: link after it
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY || attempt == 50) {
                    throw e;
                }
            }
        }
    }
}
