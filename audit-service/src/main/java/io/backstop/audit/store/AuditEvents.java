package io.backstop.audit.store;

import java.util.ArrayList;
import java.util.List;

import io.backstop.contracts.AuditEvent;
import io.backstop.contracts.PlainJson;
import io.backstop.diff.Change;

/** An entry as the public contract shows it ({@code audit.events}, the audit API): plain JSON values. */
public final class AuditEvents {

    private AuditEvents() {}

    public static AuditEvent of(AuditEntry e) {
        List<AuditEvent.Change> changes = new ArrayList<>(e.changes().size());
        for (Change c : e.changes()) {
            changes.add(
                    new AuditEvent.Change(c.path(), c.kind().label(), PlainJson.of(c.from()), PlainJson.of(c.to())));
        }
        return new AuditEvent(
                AuditEvent.SCHEMA_VERSION,
                e.id(),
                e.collection(),
                e.documentId(),
                e.action(),
                e.version(),
                PlainJson.map(e.before()),
                PlainJson.map(e.after()),
                changes,
                e.changedBy(),
                e.changedAt(),
                e.reason(),
                e.requestId(),
                e.sourcePosition(),
                PlainJson.map(e.metadata()),
                e.prevHash(),
                e.hash(),
                e.chain());
    }
}
