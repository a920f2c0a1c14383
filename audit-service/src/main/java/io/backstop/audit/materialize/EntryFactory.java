package io.backstop.audit.materialize;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bson.Document;

import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.Redactions;
import io.backstop.contracts.Actions;
import io.backstop.contracts.CatalogFields;
import io.backstop.contracts.ChangeEvent;
import io.backstop.diff.Change;
import io.backstop.diff.DocumentDiff;

/**
 * Turns a captured change and the document's previous entry into its next entry. A pure function of those
 * two, which is what makes replays and restarts produce the same {@code audit_logs}.
 *
 * <p>Attribution: a write through the API carries a fresh {@code _change} (its {@code txId} differs from the
 * previous entry's). A write that bypassed the API (a script, the mongo shell) leaves the old {@code _change}
 * in place or none at all: its action is derived from the op and the diff and its author is {@code unknown}.
 */
final class EntryFactory {

    static final String UNKNOWN = "unknown";

    /** {@code metadata.detectedBy} of an external entry: what found the change nobody captured. */
    static final String DETECTED_BY = "detectedBy";

    static final String BY_MATERIALIZER = "materializer";
    static final String BY_RECONCILER = "reconciler";

    /** A change of only these top-level fields is a move: a new parent or a new place among its siblings. */
    static final Set<String> MOVE_FIELDS =
            Set.of(CatalogFields.BRAND_ID, CatalogFields.MODEL_ID, CatalogFields.POSITION);

    private final DocumentDiff diff;

    EntryFactory(DocumentDiff diff) {
        this.diff = diff;
    }

    /** The factory every part of the trail uses: the catalog's diff (bookkeeping left out, stages aligned). */
    static EntryFactory forCatalog() {
        return new EntryFactory(CatalogFields.DIFF);
    }

    /** Empty when the change adds nothing to the trail: a snapshot read of a state the trail already ends in. */
    Optional<AuditEntry> next(CapturedChange c, AuditEntry previous) {
        Document previousAfter = previous == null ? null : previous.after();
        // what was redacted from the trail's newest state stays redacted where the change left it as it was
        Document after = Redactions.carryForward(previousAfter, ChangeEvent.DELETE.equals(c.op()) ? null : c.after());
        Document before = Redactions.carryForward(
                previousAfter,
                ChangeEvent.CREATE.equals(c.op()) ? null : (c.before() != null ? c.before() : previousAfter));
        if (ChangeEvent.READ.equals(c.op())
                && previousAfter != null
                && DocumentDiff.equalIgnoring(previousAfter, after, Set.of())) {
            return Optional.empty();
        }
        Document stamp = subDocument(after != null ? after : before, CatalogFields.CHANGE);
        String txId = txIdOf(after != null ? after : before);
        boolean fresh = txId != null && (previous == null || !txId.equals(previous.txId()));
        List<Change> changes = List.copyOf(diff.diff(before, after));
        long version = previous == null ? 1 : previous.version() + 1;
        String id = AuditEntry.idOf(c.collection(), c.documentId(), version);
        Instant sourceTime = Instant.ofEpochMilli(c.sourceTsMs());
        if (!fresh) {
            return Optional.of(new AuditEntry(
                            id,
                            c.collection(),
                            c.documentId(),
                            version,
                            derivedAction(c.op(), previousAfter, changes),
                            before,
                            after,
                            changes,
                            UNKNOWN,
                            sourceTime,
                            null,
                            null,
                            txId,
                            c.position(),
                            null)
                    .following(previous));
        }
        Actions stamped = Actions.find(stamp.get(CatalogFields.ACTION));
        Actions action = Actions.WRITES.contains(stamped) ? stamped : derivedAction(c.op(), previousAfter, changes);
        String by = stamp.get(CatalogFields.BY) instanceof String s && !s.isBlank() ? s : UNKNOWN;
        Instant at = stamp.get(CatalogFields.AT) instanceof Date d ? d.toInstant() : sourceTime;
        return Optional.of(new AuditEntry(
                        id,
                        c.collection(),
                        c.documentId(),
                        version,
                        action,
                        before,
                        after,
                        changes,
                        by,
                        at,
                        string(stamp, CatalogFields.REASON),
                        string(stamp, CatalogFields.REQUEST_ID),
                        txId,
                        c.position(),
                        subDocument(stamp, CatalogFields.METADATA))
                .following(previous));
    }

    /**
     * The external entry that has to come before {@code c}: present when the state the change started from (its
     * {@code before}; nothing for a create) is not the state the trail ends in, i.e. something wrote the document
     * without being captured (in outbox mode, any write that bypassed the API). Compared on business fields only:
     * {@code version} and {@code _change} say who wrote, not what the document holds. Nothing to compare for a
     * snapshot read (no {@code before}; {@link #next} records its difference itself), an update or delete captured
     * without a pre-image (the trail's state stands in for it) and a change that arrived after a newer one (its
     * {@code before} is older than the trail by nature; the materializer warns about it).
     */
    Optional<AuditEntry> drift(CapturedChange c, AuditEntry previous) {
        if (ChangeEvent.READ.equals(c.op())
                || (!ChangeEvent.CREATE.equals(c.op()) && c.before() == null)
                || (previous != null && SourcePositions.compare(c.position(), previous.sourcePosition()) < 0)) {
            return Optional.empty();
        }
        Document trail = previous == null ? null : previous.after();
        Document start =
                Redactions.carryForward(trail, ChangeEvent.CREATE.equals(c.op()) ? null : beforeTheMarker(c.before()));
        if (DocumentDiff.equalIgnoring(trail, start, CatalogFields.BOOKKEEPING)) {
            return Optional.empty();
        }
        return Optional.of(external(
                c.collection(),
                c.documentId(),
                previous,
                start,
                Instant.ofEpochMilli(c.sourceTsMs()),
                detectedBefore(c.position()),
                BY_MATERIALIZER));
    }

    /**
     * The entry recording that {@code collection/documentId} went from the trail's latest state ({@code previous}
     * after, or nothing) to {@code found} (null: the document is gone) without any capture seeing it: the next
     * version, so the trail stays gap-free and the next captured change follows on from what was really there.
     */
    AuditEntry external(
            String collection,
            String documentId,
            AuditEntry previous,
            Document found,
            Instant at,
            String position,
            String detectedBy) {
        Document before = previous == null ? null : previous.after();
        long version = previous == null ? 1 : previous.version() + 1;
        String reason = "Changed outside the API; no capture recorded it. Detected by the " + detectedBy
                + (BY_MATERIALIZER.equals(detectedBy)
                        ? " before the next captured change, which started from this state"
                        : ", comparing the live document with the trail");
        return new AuditEntry(
                        AuditEntry.idOf(collection, documentId, version),
                        collection,
                        documentId,
                        version,
                        Actions.EXTERNAL,
                        before,
                        found,
                        List.copyOf(diff.diff(before, found)),
                        UNKNOWN,
                        at,
                        reason,
                        null,
                        found == null ? null : txIdOf(found),
                        position,
                        new Document(DETECTED_BY, detectedBy))
                .following(previous);
    }

    /** The same entry dated {@code at}. */
    static AuditEntry at(AuditEntry e, Instant at) {
        return new AuditEntry(
                        e.id(),
                        e.collection(),
                        e.documentId(),
                        e.version(),
                        e.action(),
                        e.before(),
                        e.after(),
                        e.changes(),
                        e.changedBy(),
                        at,
                        e.reason(),
                        e.requestId(),
                        e.txId(),
                        e.sourcePosition(),
                        e.metadata())
                .hashed(e.prevHash());
    }

    /** The source position of an external entry found before the captured change at {@code position}. */
    static String detectedBefore(String position) {
        return "external@" + position;
    }

    /** The source position of an external entry the reconciler recorded as {@code version}: one per version. */
    static String reconciled(long version) {
        return "reconciled@v" + version;
    }

    /**
     * An outbox delete starts from its delete marker: the document's own fields under the deleting write's
     * {@code _change} and the next version. What was there before the marker is the same fields at the version
     * before, written by nobody the marker knows of.
     */
    private static Document beforeTheMarker(Document before) {
        if (!(before.get(CatalogFields.CHANGE) instanceof Document change)
                || !Boolean.TRUE.equals(change.get(CatalogFields.DELETED))) {
            return before;
        }
        Document state = new Document(before);
        state.remove(CatalogFields.CHANGE);
        if (state.get(CatalogFields.VERSION) instanceof Number v) {
            state.put(CatalogFields.VERSION, v.longValue() - 1);
        }
        return state;
    }

    private static String txIdOf(Document d) {
        Document stamp = subDocument(d, CatalogFields.CHANGE);
        return stamp == null || stamp.get(CatalogFields.TX_ID) == null
                ? null
                : stamp.get(CatalogFields.TX_ID).toString();
    }

    static Actions derivedAction(String op, Document previousAfter, List<Change> changes) {
        return switch (op) {
            case ChangeEvent.CREATE -> Actions.CREATE;
            case ChangeEvent.DELETE -> Actions.DELETE;
            case ChangeEvent.READ -> previousAfter == null ? Actions.CREATE : Actions.UPDATE;
            default -> isMove(changes) ? Actions.MOVE : Actions.UPDATE;
        };
    }

    private static boolean isMove(List<Change> changes) {
        if (changes.isEmpty()) {
            return false;
        }
        for (Change change : changes) {
            if (!MOVE_FIELDS.contains(topLevel(change.path()))) {
                return false;
            }
        }
        return true;
    }

    private static String topLevel(String path) {
        int end = path.length();
        for (int i = 0; i < path.length(); i++) {
            char ch = path.charAt(i);
            if (ch == '.' || ch == '[') {
                end = i;
                break;
            }
        }
        return path.substring(0, end);
    }

    private static Document subDocument(Document d, String key) {
        return d != null && d.get(key) instanceof Document sub ? sub : null;
    }

    private static String string(Document d, String key) {
        return d.get(key) instanceof String s ? s : null;
    }
}
