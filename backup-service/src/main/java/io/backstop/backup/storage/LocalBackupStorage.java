package io.backstop.backup.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.BackupIds;

/** The default: a backup stays where the dump published it, {@code <root>/<id>}. */
public final class LocalBackupStorage implements BackupStorage {

    private final BackupFiles files;

    public LocalBackupStorage(BackupFiles files) {
        this.files = files;
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public String describe(String id) {
        return files.dir(id).toString();
    }

    /** Already in place: the dump published it here and the backup job verified it. */
    @Override
    public void store(String id, Runnable checkpoint) {
        if (!Files.isRegularFile(files.dir(id).resolve(BackupFiles.MANIFEST))) {
            throw new StorageException("Backup " + id + " has no manifest at " + describe(id));
        }
    }

    @Override
    public Staged open(String id) {
        Path dir = files.dir(id);
        if (!Files.isDirectory(dir)) {
            throw new BackupMissingException("backup directory " + id + " is missing");
        }
        return new Staged() {
            @Override
            public Path dir() {
                return dir;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void delete(String id) {
        files.delete(id);
    }

    @Override
    public List<String> list() {
        try (Stream<Path> children = Files.list(files.root())) {
            return children.map(p -> p.getFileName().toString())
                    .filter(BackupIds::valid)
                    .filter(id -> Files.isRegularFile(files.dir(id).resolve(BackupFiles.MANIFEST)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
