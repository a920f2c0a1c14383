package io.backstop.audit.materialize;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bson.Document;

import io.backstop.audit.store.AuditEntry;
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

    /** A change of only these top-level fields is a move: a new parent or a new place among its siblings. */
    static final Set<String> MOVE_FIELDS = Set.of(CatalogFields.BRAND_ID, CatalogFields.MODEL_ID, CatalogFields.POSITION);

    private final DocumentDiff diff;

    EntryFactory(DocumentDiff diff) {
        this.diff = diff;
    }

    /** Empty when the change adds nothing to the trail: a snapshot read of a state the trail already ends in. */
    Optional<AuditEntry> next(CapturedChange c, AuditEntry previous) {
        Document previousAfter = previous == null ? null : previous.after();
        Document after = ChangeEvent.DELETE.equals(c.op()) ? null : c.after();
        Document before = ChangeEvent.CREATE.equals(c.op()) ? null : (c.before() != null ? c.before() : previousAfter);
        if (ChangeEvent.READ.equals(c.op()) && previousAfter != null
                && DocumentDiff.equalIgnoring(previousAfter, after, Set.of())) {
            return Optional.empty();
        }
        Document stamp = subDocument(after != null ? after : before, CatalogFields.CHANGE);
        String txId = stamp == null || stamp.get(CatalogFields.TX_ID) == null ? null : stamp.get(CatalogFields.TX_ID).toString();
        boolean fresh = txId != null && (previous == null || !txId.equals(previous.txId()));
        List<Change> changes = List.copyOf(diff.diff(before, after));
        long version = previous == null ? 1 : previous.version() + 1;
        String id = AuditEntry.idOf(c.collection(), c.documentId(), version);
        Instant sourceTime = Instant.ofEpochMilli(c.sourceTsMs());
        if (!fresh) {
            return Optional.of(new AuditEntry(id, c.collection(), c.documentId(), version, derivedAction(c.op(), previousAfter, changes),
                    before, after, changes, UNKNOWN, sourceTime, null, null, txId, c.position(), null));
        }
        String action = stamp.get(CatalogFields.ACTION) instanceof String a && Actions.ALL.contains(a)
                ? a : derivedAction(c.op(), previousAfter, changes);
        String by = stamp.get(CatalogFields.BY) instanceof String s && !s.isBlank() ? s : UNKNOWN;
        Instant at = stamp.get(CatalogFields.AT) instanceof Date d ? d.toInstant() : sourceTime;
        return Optional.of(new AuditEntry(id, c.collection(), c.documentId(), version, action, before, after, changes, by, at,
                string(stamp, CatalogFields.REASON), string(stamp, CatalogFields.REQUEST_ID), txId, c.position(),
                subDocument(stamp, CatalogFields.METADATA)));
    }

    static String derivedAction(String op, Document previousAfter, List<Change> changes) {
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
