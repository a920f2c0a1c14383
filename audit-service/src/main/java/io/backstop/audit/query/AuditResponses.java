package io.backstop.audit.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.backstop.contracts.AuditEvent;

/** Response bodies of the audit API; items are {@link AuditEvent}s, the same shape as on {@code audit.events}. */
final class AuditResponses {

    private AuditResponses() {
    }

    /** A page, newest first; {@code next} is the cursor of the following page, null on the last one. */
    record Page(List<AuditEvent> items, String next) {
    }

    record History(String collection, String documentId, List<AuditEvent> items) {
    }

    record Diff(String collection, String documentId, long from, long to, List<AuditEvent.Change> changes) {
    }

    /** The document as it was at {@code at}: the state written by version {@code version} at {@code changedAt}. */
    record AsOf(String collection, String documentId, Instant at, long version, Instant changedAt, Map<String, Object> document) {
    }

    /**
     * One entry for point-in-time restore. {@code before} and {@code after} are canonical Extended JSON, so
     * the restoring side gets back exactly the BSON types the catalog stored (int64 stays int64, dates stay dates).
     */
    record InternalChange(String id, String collection, String documentId, long version, String action, Instant changedAt,
                          String sourcePosition, String before, String after) {
    }

    record InternalPage(List<InternalChange> items, String next) {
    }
}
