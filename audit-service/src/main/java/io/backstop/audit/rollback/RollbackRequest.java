package io.backstop.audit.rollback;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /api/audit/{collection}/{documentId}/rollback}: the version to go back to, and why. */
record RollbackRequest(
        @NotNull(message = "name the version to roll back to") @Min(value = 1, message = "versions start at 1") Long version,
        @Size(max = 500, message = "at most 500 characters") String reason) {
}
