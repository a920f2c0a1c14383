package io.backstop.catalog.revert;

import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * audit-service's rollback: make the document equal to {@code document} (business fields; bookkeeping fields
 * it carries from the audit trail are ignored).
 *
 * @param document        the target state, or null to delete the document
 * @param expectedVersion the current version the caller saw, or null for "the document must not exist"
 * @param targetVersion   the audit version being restored, recorded in {@code _change.metadata}
 */
public record RevertRequest(
        Map<String, Object> document,
        @PositiveOrZero(message = "must be 0 or more") Long expectedVersion,
        @NotNull(message = "is required: the audit version rolled back to") @PositiveOrZero(message = "must be 0 or more") Long targetVersion,
        @Size(max = 500, message = "must be at most 500 characters") String reason) {
}
