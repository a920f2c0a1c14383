package io.backstop.audit.rollback;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/audit/{collection}/{documentId}/rollback}: the version to go back to, the version the caller
 * previewed the rollback against, and why.
 *
 * @param expectedVersion the document's latest version when the caller previewed (for a deleted document, the
 *                        version of its delete); if it changed since, the rollback is refused rather than silently
 *                        undoing that change
 */
record RollbackRequest(
        @NotNull(message = "name the version to roll back to") @Min(value = 1, message = "versions start at 1")
                Long version,
        @NotNull(
                        message =
                                "is required: the document's version you previewed the rollback against (its latest version in the history)")
                @PositiveOrZero(message = "must be 0 or more")
                Long expectedVersion,
        @Size(max = 500, message = "at most 500 characters") String reason) {}
