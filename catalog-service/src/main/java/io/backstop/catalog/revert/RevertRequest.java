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
 * @param expectedVersion the document's version the user previewed the rollback against; for a deleted document
 *                        the version of its delete. Checked by the write itself, so a change saved in between
 *                        is never overwritten.
 * @param targetVersion   the audit version being restored, recorded in {@code _change.metadata}
 */
public record RevertRequest(
        Map<String, Object> document,
        @NotNull(
                        message =
                                "is required: the document's version you previewed the rollback against (for a deleted"
                                        + " document, the version of its delete)")
                @PositiveOrZero(message = "must be 0 or more")
                Long expectedVersion,
        @NotNull(message = "is required: the audit version rolled back to")
                @PositiveOrZero(message = "must be 0 or more")
                Long targetVersion,
        @Size(max = 500, message = "must be at most 500 characters") String reason) {}
