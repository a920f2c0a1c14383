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
 * @param prevHash the {@code hash} of the document's previous entry, null for its first (schema version 2)
 * @param hash     this entry's hash ({@link AuditChain#entryHash}), over every field above and {@code prevHash}
 * @param chain    the entry's link in the trail's one global chain (schema version 2)
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
        Map<String, Object> metadata,
        String prevHash,
        String hash,
        Link chain) {

    /**
     * 2 added {@code prevHash}, {@code hash} and {@code chain}, nothing else: a version 1 reader that ignores
     * unknown fields reads version 2 as before.
     */
    public static final int SCHEMA_VERSION = 2;

    /** A schema version 1 event: no hashes. */
    public AuditEvent(
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
        this(
                schemaVersion,
                id,
                collection,
                documentId,
                action,
                version,
                before,
                after,
                changes,
                changedBy,
                changedAt,
                reason,
                requestId,
                sourcePosition,
                metadata,
                null,
                null,
                null);
    }

    /**
     * The entry's place in the global chain: {@code seq} runs 1, 2, 3... in materialization order;
     * {@code prevId}/{@code prevHash} are the id and link hash of the entry at {@code seq - 1} (null for the first);
     * {@code hash} is {@link AuditChain#linkHash} of these and the entry's {@code hash}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Link(long seq, String prevId, String prevHash, String hash) {}

    /** One changed value: {@code kind} is added, removed or changed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Change(String path, String kind, Object from, Object to) {}

    public static String key(String collection, String documentId) {
        return collection + "/" + documentId;
    }
}
