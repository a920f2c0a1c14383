package io.backstop.audit.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.bson.Document;

import io.backstop.contracts.Actions;
import io.backstop.contracts.AuditChain;
import io.backstop.contracts.AuditEvent;
import io.backstop.diff.Change;

/**
 * One immutable audit entry: a captured change of one catalog document, numbered per document (JaVers'
 * snapshot model). {@code before} and {@code after} are the full documents as BSON, null on create / delete.
 * {@code prevHash} and {@code hash} chain the document's entries ({@link #following}); {@code chain} is the
 * entry's link in the global chain, null until {@link AuditStore} stores it (docs/audit-chain.md).
 */
public record AuditEntry(
        String id,
        String collection,
        String documentId,
        long version,
        Actions action,
        Document before,
        Document after,
        List<Change> changes,
        String changedBy,
        Instant changedAt,
        String reason,
        String requestId,
        String txId,
        String sourcePosition,
        Document metadata,
        String prevHash,
        String hash,
        AuditEvent.Link chain) {

    public AuditEntry {
        // stored as a BSON date, to the millisecond: hashed as it is stored, or it would not verify once read back
        changedAt = changedAt == null ? null : changedAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /** An entry not hashed yet: {@link #following} hashes it. */
    public AuditEntry(
            String id,
            String collection,
            String documentId,
            long version,
            Actions action,
            Document before,
            Document after,
            List<Change> changes,
            String changedBy,
            Instant changedAt,
            String reason,
            String requestId,
            String txId,
            String sourcePosition,
            Document metadata) {
        this(
                id,
                collection,
                documentId,
                version,
                action,
                before,
                after,
                changes,
                changedBy,
                changedAt,
                reason,
                requestId,
                txId,
                sourcePosition,
                metadata,
                null,
                null,
                null);
    }

    /** This entry as the one after {@code previous} (null: the document's first) in its document's chain, hashed. */
    public AuditEntry following(AuditEntry previous) {
        return hashed(previous == null ? null : previous.hash());
    }

    /** This entry hashed after a predecessor whose hash is {@code prev}. */
    public AuditEntry hashed(String prev) {
        AuditEntry unhashed = new AuditEntry(
                id,
                collection,
                documentId,
                version,
                action,
                before,
                after,
                changes,
                changedBy,
                changedAt,
                reason,
                requestId,
                txId,
                sourcePosition,
                metadata,
                prev,
                null,
                null);
        return new AuditEntry(
                id,
                collection,
                documentId,
                version,
                action,
                before,
                after,
                changes,
                changedBy,
                changedAt,
                reason,
                requestId,
                txId,
                sourcePosition,
                metadata,
                prev,
                AuditChain.entryHash(AuditEvents.of(unhashed)),
                null);
    }

    /** This entry at {@code link} of the global chain. */
    public AuditEntry linked(AuditEvent.Link link) {
        return new AuditEntry(
                id,
                collection,
                documentId,
                version,
                action,
                before,
                after,
                changes,
                changedBy,
                changedAt,
                reason,
                requestId,
                txId,
                sourcePosition,
                metadata,
                prevHash,
                hash,
                link);
    }

    /** Sortable and stable: the same change always gets the same id, on any replay and in any database. */
    public static String idOf(String collection, String documentId, long version) {
        // padded by hand: String.format took 7% of the materializer's CPU, which asks for ids of 16 versions per
        // document
        if (version < 0) {
            return collection + ":" + documentId + ":" + String.format("%010d", version);
        }
        String digits = Long.toString(version);
        return collection + ":" + documentId + ":" + "0".repeat(Math.max(0, 10 - digits.length())) + digits;
    }
}
