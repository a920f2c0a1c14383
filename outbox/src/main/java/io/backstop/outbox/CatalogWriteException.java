package io.backstop.outbox;

/** A write the caller can fix or retry: the typed reasons a {@link CatalogWriter} refuses a write. */
public abstract sealed class CatalogWriteException extends RuntimeException
        permits VersionConflictException, DocumentExistsException, DocumentNotFoundException, WriteFrozenException {

    protected CatalogWriteException(String message) {
        super(message);
    }
}
