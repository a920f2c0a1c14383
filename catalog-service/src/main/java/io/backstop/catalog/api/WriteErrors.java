package io.backstop.catalog.api;

import org.springframework.http.HttpStatus;

import io.backstop.outbox.CatalogWriteException;
import io.backstop.outbox.DocumentExistsException;
import io.backstop.outbox.DocumentNotFoundException;
import io.backstop.outbox.VersionConflictException;
import io.backstop.outbox.WriteFrozenException;
import io.backstop.support.ApiException;
import io.backstop.support.StaleVersionException;

/** The one place the writer's typed refusals become HTTP statuses. */
public final class WriteErrors {

    private WriteErrors() {
    }

    public static ApiException translate(CatalogWriteException e) {
        HttpStatus status;
        if (e instanceof VersionConflictException || e instanceof DocumentExistsException) {
            status = HttpStatus.CONFLICT;
        }
        else if (e instanceof DocumentNotFoundException) {
            status = HttpStatus.NOT_FOUND;
        }
        else if (e instanceof WriteFrozenException) {
            status = HttpStatus.LOCKED;
        }
        else {
            throw new IllegalStateException("unmapped write refusal", e);
        }
        if (e instanceof VersionConflictException v && v.currentVersion() >= 0) {
            // audit-service reads it to say what changed since the version its caller previewed against
            return new StaleVersionException(e.getMessage(), v.currentVersion());
        }
        return new ApiException(status, e.getMessage());
    }
}
