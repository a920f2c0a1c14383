package io.backstop.audit.store;

import static io.backstop.audit.store.AuditFields.*;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.backstop.contracts.AuditEvent;

/**
 * The head of the global chain, checkpointed in its own small record ({@code audit_chain}, one document). The
 * chain's order itself is decided by the unique index on {@code chain.seq} of {@code audit_logs}: an entry's
 * insert is its commit point for both chains, so there is nothing to make atomic across two records and no
 * transaction to need. The head only trails the entries: it is moved forward after an insert (monotonically,
 * never back), and a crash between the two leaves it behind, which {@link #tail} makes up for by looking past it.
 * Verification checks the chain up to the head, so what a writer appended but did not yet checkpoint is
 * verified the next time.
 */
public final class ChainHead {

    static final String COLLECTION_NAME = "audit_chain";
    private static final String HEAD = "head";
    /** Seqs {@link #tail} asks for at once past the checkpoint: one round trip unless a writer crashed. */
    private static final int PROBE = 16;

    /** The newest link: its seq (0 before the first entry), entry id and link hash. */
    public record Tail(long seq, String id, String hash) {
        static final Tail EMPTY = new Tail(0, null, null);
    }

    private final MongoCollection<Document> heads;
    private final MongoCollection<Document> logs;

    ChainHead(MongoDatabase database, MongoCollection<Document> logs) {
        this.heads = database.getCollection(COLLECTION_NAME);
        this.logs = logs;
    }

    /** The checkpoint as stored, {@link Tail#EMPTY} when there is none. */
    public Tail checkpoint() {
        Document d = heads.find(Filters.eq(ID, HEAD)).first();
        return d == null
                ? Tail.EMPTY
                : new Tail(((Number) d.get(SEQ)).longValue(), d.getString(ENTRY_ID), d.getString(HASH));
    }

    /** The newest link of the chain: the checkpoint, or what was appended after it. */
    Tail tail() {
        Tail tail = checkpoint();
        while (true) {
            List<Long> seqs = new ArrayList<>(PROBE);
            for (long s = tail.seq() + 1; s <= tail.seq() + PROBE; s++) {
                seqs.add(s);
            }
            AuditEvent.Link newest = null;
            String newestId = null;
            try (MongoCursor<Document> cursor = logs.find(Filters.in(CHAIN_SEQ, seqs))
                    .projection(Projections.include(ID, CHAIN))
                    .iterator()) {
                while (cursor.hasNext()) {
                    Document d = cursor.next();
                    AuditEvent.Link link = AuditEntries.link(d);
                    if (newest == null || link.seq() > newest.seq()) {
                        newest = link;
                        newestId = d.getString(ID);
                    }
                }
            }
            if (newest == null) {
                return tail;
            }
            tail = new Tail(newest.seq(), newestId, newest.hash());
            if (newest.seq() < seqs.get(seqs.size() - 1)) {
                return tail;
            }
        }
    }

    /** Moves the checkpoint to {@code entry}'s link unless it is already there or further. */
    void advance(AuditEntry entry) {
        advance(entry.id(), entry.chain());
    }

    void advance(String entryId, AuditEvent.Link link) {
        try {
            heads.updateOne(
                    Filters.and(Filters.eq(ID, HEAD), Filters.lt(SEQ, link.seq())),
                    Updates.combine(
                            Updates.set(SEQ, link.seq()),
                            Updates.set(ENTRY_ID, entryId),
                            Updates.set(HASH, link.hash())),
                    new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            // the upsert ran into the existing head: another writer checkpointed a later link already
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }
}
