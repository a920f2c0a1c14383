package io.backstop.backup.storage;

import java.nio.file.Path;
import java.util.List;

/**
 * Where finished backups live. Every backup is first written and verified locally under
 * {@code <root>/<id>} (see {@code BackupFiles}); {@link #store} then makes it durable in this storage. A backup is
 * <em>listed</em> only once its {@code manifest.json} is stored, and the manifest is always stored last, so a
 * reader never sees half a backup.
 */
public interface BackupStorage {

    /** {@code local} or {@code s3}, for logs, metrics and notifications. */
    String kind();

    /** Human-readable location of a backup (never with credentials), for messages. */
    String describe(String id);

    /**
     * Makes the published local backup {@code id} durable here and checks every stored byte against the local
     * file. On failure nothing of {@code id} stays listed and a {@link StorageException} says what failed.
     *
     * @param checkpoint called between files, e.g. to stop when the operation lost its lease
     */
    void store(String id, Runnable checkpoint);

    /** The backup as a local directory for reading; close it to release any staging copy. */
    Staged open(String id);

    /** Removes every file of {@code id}, listed or half-written; nothing to delete is not an error. */
    void delete(String id);

    /** Ids of the backups stored completely (manifest present), oldest first. */
    List<String> list();

    /** A backup readable at {@link #dir()} until closed. */
    interface Staged extends AutoCloseable {
        Path dir();

        @Override
        void close();
    }
}
