package io.backstop.backup.dump;

/** A backup file does not match what was written: wrong checksum, truncated, or not BSON. */
public class CorruptBackupException extends RuntimeException {

    public CorruptBackupException(String message) {
        super(message);
    }
}
