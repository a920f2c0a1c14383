package io.backstop.catalog.api;

import io.backstop.outbox.CatalogWriteException;
import io.backstop.outbox.DocumentExistsException;
import io.backstop.outbox.DocumentNotFoundException;
import io.backstop.outbox.VersionConflictException;
import io.backstop.outbox.WriteFrozenException;
import io.backstop.support.ApiException;
import io.backstop.support.ProblemType;
import io.backstop.support.StaleVersionException;

/** The one place the writer's typed refusals become kinds of problem (and so HTTP statuses). */
public final class WriteErrors {

    private WriteErrors() {}

    public static ApiException translate(CatalogWriteException e) {
        ProblemType type;
        if (e instanceof VersionConflictException) {
            type = ProblemType.VERSION_CONFLICT;
        } else if (e instanceof DocumentExistsException) {
            type = ProblemType.CONFLICT;
        } else if (e instanceof DocumentNotFoundException) {
            type = ProblemType.NOT_FOUND;
        } else if (e instanceof WriteFrozenException) {
            type = ProblemType.LOCKED;
        } else {
            throw new IllegalStateException("unmapped write refusal", e);
        }
        if (e instanceof VersionConflictException v && v.currentVersion() >= 0) {
            // audit-service reads it to say what changed since the version its caller previewed against
            return new StaleVersionException(e.getMessage(), v.currentVersion());
        }
        return new ApiException(type, e.getMessage());
    }
}
