package io.backstop.audit.redact;

import java.time.Instant;

/**
 * A value removed from an entry: which entry and path, why, by whom and when. The entry holds a marker with the
 * value's digest in its place (docs/audit-chain.md), so the entry's hash still holds.
 *
 * @param id {@code <entryId>/<path>}: one redaction per value
 */
public record Redaction(String id, String entryId, String path, String reason, Instant createdAt, String createdBy) {}
