package io.backstop.audit.verify;

import static io.backstop.audit.store.AuditFields.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import io.backstop.audit.store.AuditEntries;
import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.AuditEvents;
import io.backstop.audit.store.AuditStore;
import io.backstop.audit.store.ChainHead;
import io.backstop.contracts.AuditChain;
import io.backstop.contracts.AuditEvent;

/**
 * Recomputes both chains of {@code audit_logs} (docs/audit-chain.md) from the first link to the checkpointed head,
 * a page of seqs at a time, so memory stays flat however long the trail is. Every lookup is by a unique key
 * ({@code chain.seq}, {@code _id}), which the embedded server answers from its index too. Entries appended after
 * the head was read are checked by the next run.
 *
 * <p>An entry that no longer matches its hash, or whose links do not follow, is {@code changed}; a seq or version
 * missing below the head is {@code deleted} (named by its successor's {@code chain.prevId}, the document's version
 * numbering or the head); an entry that is on no chain is {@code inserted}. An attacker who rewrites every hash from
 * some entry to the head, head record included, is caught only by an anchor kept elsewhere: a backup's manifest or
 * a consumer of {@code audit.events}.
 */
@Component
public class TrailVerifier {

    private static final Logger log = LoggerFactory.getLogger(TrailVerifier.class);
    static final int PAGE = 500;

    private final AuditStore store;
    private final MongoCollection<Document> logs;
    private final AtomicReference<Verification> last = new AtomicReference<>();

    public TrailVerifier(AuditStore store) {
        this.store = store;
        this.logs = store.collection();
    }

    /** The latest verification's result, null before the first. */
    public Verification last() {
        return last.get();
    }

    public Verification verify() {
        return verify(null);
    }

    /**
     * Verifies, and also that the link at {@code anchor.seq} still has the hash a backup's manifest recorded: a
     * trail rewritten up to its head since then, every hash recomputed, verifies by itself but not against that.
     */
    public Verification verify(Anchor anchor) {
        Verification result = check(anchor);
        last.set(result);
        if (result.ok()) {
            log.info("Audit trail verified: {} entries, both chains intact", result.entries());
        } else {
            log.error(
                    "Audit trail verification failed after {} entries: entry {} was {} ({})",
                    result.entries(),
                    result.brokenLink().id(),
                    result.brokenLink().kind(),
                    result.brokenLink().detail());
        }
        return result;
    }

    /** A link of the chain as recorded elsewhere: its {@code seq} and {@code chain.hash}. */
    public record Anchor(long seq, String hash) {}

    private Verification check(Anchor anchor) {
        ChainHead.Tail head = store.chainHead();
        if (anchor != null && anchor.seq() > head.seq()) {
            return Verification.broken(
                    0,
                    "seq " + anchor.seq(),
                    Verification.BrokenLink.DELETED,
                    "the chain ends at seq " + head.seq() + ", before the anchor's seq " + anchor.seq());
        }
        long seq = 0;
        String prevId = null;
        String prevHash = null;
        while (seq < head.seq()) {
            long from = seq + 1;
            long to = Math.min(head.seq(), seq + PAGE);
            Map<Long, Document> page = page(from, to);
            Map<String, String> predecessors = predecessorHashes(page.values());
            for (long s = from; s <= to; s++) {
                Document d = page.get(s);
                if (d == null) {
                    return Verification.broken(
                            s - 1,
                            missingAt(s, head, page),
                            Verification.BrokenLink.DELETED,
                            "seq " + s + " of the global chain is missing");
                }
                AuditEntry e = AuditEntries.fromDocument(d);
                Verification broken = checkEntry(s - 1, e, prevId, prevHash, predecessors);
                if (broken != null) {
                    return broken;
                }
                if (anchor != null
                        && anchor.seq() == s
                        && !anchor.hash().equals(e.chain().hash())) {
                    return Verification.broken(
                            s - 1,
                            e.id(),
                            Verification.BrokenLink.CHANGED,
                            "the link at seq " + s + " is not the one anchored (" + anchor.hash()
                                    + "): the trail was rewritten up to here or later");
                }
                prevId = e.id();
                prevHash = e.chain().hash();
                seq = s;
            }
        }
        if (head.seq() > 0 && !Objects.equals(head.hash(), prevHash)) {
            return Verification.broken(
                    seq,
                    head.id(),
                    Verification.BrokenLink.CHANGED,
                    "the checkpointed head does not match the chain's link " + seq);
        }
        Document stray = logs.find(Filters.exists(CHAIN_SEQ, false))
                .projection(Projections.include(ID))
                .first();
        if (stray != null) {
            return Verification.broken(
                    seq,
                    stray.getString(ID),
                    Verification.BrokenLink.INSERTED,
                    "the entry is on no chain: it was not stored by the materializer");
        }
        return Verification.ok(seq);
    }

    private Verification checkEntry(
            long verified, AuditEntry e, String prevId, String prevHash, Map<String, String> predecessors) {
        String recomputed = AuditChain.entryHash(AuditEvents.of(e));
        if (!recomputed.equals(e.hash())) {
            return Verification.broken(
                    verified, e.id(), Verification.BrokenLink.CHANGED, "its fields do not hash to its stored hash");
        }
        AuditEvent.Link link = e.chain();
        if (!Objects.equals(link.prevId(), prevId)
                || !Objects.equals(link.prevHash(), prevHash)
                || !AuditChain.linkHash(link.seq(), prevId, prevHash, e.hash()).equals(link.hash())) {
            return Verification.broken(
                    verified,
                    e.id(),
                    Verification.BrokenLink.CHANGED,
                    "its link does not follow seq " + (link.seq() - 1) + " of the global chain");
        }
        if (e.version() == 1) {
            return e.prevHash() == null
                    ? null
                    : Verification.broken(
                            verified,
                            e.id(),
                            Verification.BrokenLink.CHANGED,
                            "the document's first entry names a predecessor");
        }
        String predecessorId = AuditEntry.idOf(e.collection(), e.documentId(), e.version() - 1);
        if (!predecessors.containsKey(predecessorId)) {
            return Verification.broken(
                    verified,
                    predecessorId,
                    Verification.BrokenLink.DELETED,
                    "version " + (e.version() - 1) + " of " + e.collection() + "/" + e.documentId() + " is missing");
        }
        if (!Objects.equals(predecessors.get(predecessorId), e.prevHash())) {
            return Verification.broken(
                    verified,
                    e.id(),
                    Verification.BrokenLink.CHANGED,
                    "its prevHash is not the hash of version " + (e.version() - 1));
        }
        return null;
    }

    private Map<Long, Document> page(long from, long to) {
        List<Long> seqs = new ArrayList<>((int) (to - from + 1));
        for (long s = from; s <= to; s++) {
            seqs.add(s);
        }
        Map<Long, Document> page = new HashMap<>();
        try (MongoCursor<Document> cursor =
                logs.find(Filters.in(CHAIN_SEQ, seqs)).iterator()) {
            cursor.forEachRemaining(d -> page.put(AuditEntries.link(d).seq(), d));
        }
        return page;
    }

    /** The stored hash of each page entry's predecessor in its document's chain, by id (absent: not stored). */
    private Map<String, String> predecessorHashes(Iterable<Document> page) {
        List<String> ids = new ArrayList<>();
        for (Document d : page) {
            long version = ((Number) d.get(VERSION)).longValue();
            if (version > 1) {
                ids.add(AuditEntry.idOf(d.getString(COLLECTION), d.getString(DOCUMENT_ID), version - 1));
            }
        }
        Map<String, String> hashes = new HashMap<>();
        if (!ids.isEmpty()) {
            try (MongoCursor<Document> cursor = logs.find(Filters.in(ID, ids))
                    .projection(Projections.include(ID, HASH))
                    .iterator()) {
                cursor.forEachRemaining(d -> hashes.put(d.getString(ID), d.getString(HASH)));
            }
        }
        return hashes;
    }

    /** The id of the entry missing at {@code seq}: its successor names it, or the head when it was the newest. */
    private String missingAt(long seq, ChainHead.Tail head, Map<Long, Document> page) {
        if (seq == head.seq()) {
            return head.id();
        }
        Document next = page.get(seq + 1);
        if (next == null) {
            next = logs.find(Filters.eq(CHAIN_SEQ, seq + 1))
                    .projection(Projections.include(CHAIN))
                    .first();
        }
        AuditEvent.Link link = next == null ? null : AuditEntries.link(next);
        return link == null ? "seq " + seq : link.prevId();
    }
}
