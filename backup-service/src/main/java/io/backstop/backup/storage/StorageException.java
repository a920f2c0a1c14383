package io.backstop.backup.storage;

/** A storage operation failed; the message names the backup and the location, never a credential. */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
