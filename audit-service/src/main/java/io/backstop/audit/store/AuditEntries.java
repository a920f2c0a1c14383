package io.backstop.audit.store;

import static io.backstop.audit.store.AuditFields.*;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;

import io.backstop.contracts.Actions;
import io.backstop.contracts.AuditEvent;
import io.backstop.diff.Change;

/** Maps {@link AuditEntry} to and from its stored BSON form. */
public final class AuditEntries {

    private AuditEntries() {}

    public static Document toDocument(AuditEntry e) {
        List<Document> changes = new ArrayList<>(e.changes().size());
        for (Change c : e.changes()) {
            changes.add(new Document(PATH, c.path())
                    .append(KIND, c.kind().label())
                    .append(FROM, c.from())
                    .append(TO, c.to()));
        }
        return new Document(ID, e.id())
                .append(COLLECTION, e.collection())
                .append(DOCUMENT_ID, e.documentId())
                .append(VERSION, e.version())
                .append(ACTION, e.action().value())
                .append(BEFORE, e.before())
                .append(AFTER, e.after())
                .append(CHANGES, changes)
                .append(CHANGED_FIELDS, ChangedFields.of(e.changes()))
                .append(CHANGED_BY, e.changedBy())
                .append(CHANGED_AT, Date.from(e.changedAt()))
                .append(REASON, e.reason())
                .append(REQUEST_ID, e.requestId())
                .append(TX_ID, e.txId())
                .append(SOURCE_POSITION, e.sourcePosition())
                .append(METADATA, e.metadata())
                .append(PREV_HASH, e.prevHash())
                .append(HASH, e.hash())
                .append(
                        CHAIN,
                        e.chain() == null
                                ? null
                                : new Document(SEQ, e.chain().seq())
                                        .append(PREV_ID, e.chain().prevId())
                                        .append(PREV_HASH, e.chain().prevHash())
                                        .append(HASH, e.chain().hash()));
    }

    /** The global link stored in {@code d}, null when it has none. */
    public static AuditEvent.Link link(Document d) {
        Document c = d.get(CHAIN, Document.class);
        return c == null || !(c.get(SEQ) instanceof Number seq)
                ? null
                : new AuditEvent.Link(seq.longValue(), c.getString(PREV_ID), c.getString(PREV_HASH), c.getString(HASH));
    }

    public static AuditEntry fromDocument(Document d) {
        List<Change> changes = new ArrayList<>();
        for (Document c : d.getList(CHANGES, Document.class, List.of())) {
            changes.add(new Change(c.getString(PATH), Change.Kind.ofLabel(c.getString(KIND)), c.get(FROM), c.get(TO)));
        }
        return new AuditEntry(
                d.getString(ID),
                d.getString(COLLECTION),
                d.getString(DOCUMENT_ID),
                ((Number) d.get(VERSION)).longValue(),
                Actions.of(d.getString(ACTION)),
                d.get(BEFORE, Document.class),
                d.get(AFTER, Document.class),
                List.copyOf(changes),
                d.getString(CHANGED_BY),
                d.getDate(CHANGED_AT).toInstant(),
                d.getString(REASON),
                d.getString(REQUEST_ID),
                d.getString(TX_ID),
                d.getString(SOURCE_POSITION),
                d.get(METADATA, Document.class),
                d.getString(PREV_HASH),
                d.getString(HASH),
                link(d));
    }
}
