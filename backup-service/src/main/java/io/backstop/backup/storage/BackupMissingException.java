package io.backstop.backup.storage;

/** The storage holds no complete backup under the id. */
public class BackupMissingException extends StorageException {

    public BackupMissingException(String message) {
        super(message);
    }
}
