package io.backstop.audit.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.backstop.contracts.Actions;
import io.backstop.contracts.AuditEvent;

/** Response bodies of the audit API; items are {@link AuditEvent}s, the same shape as on {@code audit.events}. */
final class AuditResponses {

    private AuditResponses() {}

    static final String ENTRY_EXAMPLE = "{\"schemaVersion\":1,\"id\":\"brands:6750c0ffee0000000000b001:0000000003\","
            + "\"collection\":\"brands\",\"documentId\":\"6750c0ffee0000000000b001\",\"action\":\"update\",\"version\":3,"
            + "\"before\":{\"_id\":\"6750c0ffee0000000000b001\",\"name\":\"Audi\",\"founded\":1910,\"version\":2},"
            + "\"after\":{\"_id\":\"6750c0ffee0000000000b001\",\"name\":\"Audi\",\"founded\":1909,\"version\":3},"
            + "\"changes\":[{\"path\":\"founded\",\"kind\":\"changed\",\"from\":1910,\"to\":1909}],"
            + "\"changedBy\":\"erin\",\"changedAt\":\"2026-12-01T14:02:11.512Z\",\"reason\":\"founding year corrected\","
            + "\"requestId\":\"req-4f1c\",\"sourcePosition\":\"outbox:1733061731512:42\",\"metadata\":{}}";

    record Diff(String collection, String documentId, long from, long to, List<AuditEvent.Change> changes) {}

    /** The document as it was at {@code at}: the state written by version {@code version} at {@code changedAt}. */
    record AsOf(
            String collection,
            String documentId,
            Instant at,
            long version,
            Instant changedAt,
            Map<String, Object> document) {}

    /**
     * One entry for point-in-time restore. {@code before} and {@code after} are canonical Extended JSON, so
     * the restoring side gets back exactly the BSON types the catalog stored (int64 stays int64, dates stay dates).
     */
    record InternalChange(
            String id,
            String collection,
            String documentId,
            long version,
            Actions action,
            Instant changedAt,
            String sourcePosition,
            String before,
            String after) {}
}
