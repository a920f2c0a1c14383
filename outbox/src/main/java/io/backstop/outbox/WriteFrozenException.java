package io.backstop.outbox;

import java.time.Instant;

/** A restore holds the write freeze ({@code catalog.maintenance/write-freeze}): the catalog is read-only. */
public final class WriteFrozenException extends CatalogWriteException {

    private final String operationId;
    private final Instant expiresAt;

    public WriteFrozenException(String operationId, String kind, String by, Instant expiresAt) {
        super("the catalog is read-only while " + (kind == null ? "a restore" : kind) + " " + operationId
                + (by == null ? "" : " started by " + by) + " runs; try again after it finishes");
        this.operationId = operationId;
        this.expiresAt = expiresAt;
    }

    public String operationId() {
        return operationId;
    }

    public Instant expiresAt() {
        return expiresAt;
    }
}
