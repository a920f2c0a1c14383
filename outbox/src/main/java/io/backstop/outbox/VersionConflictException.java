package io.backstop.outbox;

/** The document's version is not the one the caller last saw: someone else wrote it in between. */
public final class VersionConflictException extends CatalogWriteException {

    private final long expectedVersion;
    private final long currentVersion;

    public VersionConflictException(String collection, String documentId, long expectedVersion, long currentVersion) {
        super(collection + "/" + documentId + " is at version " + currentVersion + ", not " + expectedVersion
                + ": reload it and apply your change again");
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version found, or -1 when a concurrent write changed it between our read and our write. */
    public long currentVersion() {
        return currentVersion;
    }
}
