package io.backstop.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A materialized audit entry as published on {@link Topics#AUDIT_EVENTS}, keyed by
 * {@code <collection>/<documentId>}. {@code id} is stable across re-publication: consumers deduplicate by it.
 *
 * @param before  the document before the change (plain JSON), null on create
 * @param after   the document after the change (plain JSON), null on delete
 * @param changes field-level changes, {@code path} in dotted form with {@code [i]} for array elements
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditEvent(
        int schemaVersion,
        String id,
        String collection,
        String documentId,
        Actions action,
        long version,
        Map<String, Object> before,
        Map<String, Object> after,
        List<Change> changes,
        String changedBy,
        Instant changedAt,
        String reason,
        String requestId,
        String sourcePosition,
        Map<String, Object> metadata) {

    public static final int SCHEMA_VERSION = 1;

    /** One changed value: {@code kind} is added, removed or changed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Change(String path, String kind, Object from, Object to) {
    }

    public static String key(String collection, String documentId) {
        return collection + "/" + documentId;
    }
}
