package io.backstop.backup.dump;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.backstop.backup.storage.BackupMissingException;
import io.backstop.backup.storage.BackupStorage;
import io.backstop.backup.storage.LocalBackupStorage;
import io.backstop.backup.storage.StorageException;
import io.backstop.contracts.Topics;

/**
 * Re-reads every file of a backup and checks it against its manifest and against the checksums recorded in
 * MongoDB when the backup finished (so an edited manifest cannot vouch for edited files).
 */
public final class Verifier {

    private final BackupFiles files;
    private final BackupStorage storage;

    public Verifier(BackupFiles files) {
        this(files, new LocalBackupStorage(files));
    }

    public Verifier(BackupFiles files, BackupStorage storage) {
        this.files = files;
        this.storage = storage;
    }

    public record Report(boolean ok, List<String> problems, long documents, long compressedBytes) {}

    /** @param recordedChecksums path to SHA-256 as stored in the backup's record; null to check the manifest alone */
    public Report verify(String id, Map<String, String> recordedChecksums) {
        try (BackupStorage.Staged staged = storage.open(id)) {
            return verify(staged.dir(), id, recordedChecksums);
        } catch (BackupMissingException e) {
            return new Report(false, List.of(e.getMessage()), 0, 0);
        } catch (StorageException e) {
            return new Report(false, List.of("backup " + id + " could not be read: " + e.getMessage()), 0, 0);
        }
    }

    /** Verifies the backup's files in {@code dir}: where the dump published it, or a staged download. */
    public Report verify(Path dir, String id, Map<String, String> recordedChecksums) {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Report(false, List.of("backup directory " + id + " is missing"), 0, 0);
        }
        Manifest manifest;
        try {
            manifest = ManifestIO.read(dir);
        } catch (CorruptBackupException e) {
            return new Report(false, List.of(e.getMessage()), 0, 0);
        }
        if (!id.equals(manifest.id())) {
            problems.add("manifest names backup " + manifest.id() + ", not " + id);
        }
        for (String collection : Topics.CATALOG_COLLECTIONS) {
            if (manifest.collection(collection) == null) {
                problems.add("manifest lists no collection " + collection);
            }
        }
        Map<String, Long> documentsByFile = new HashMap<>();
        long documents = 0;
        long bytes = 0;
        for (Manifest.FileEntry expected : manifest.files()) {
            try {
                files.fileIn(dir, expected.path());
                if (recordedChecksums != null && !expected.sha256().equals(recordedChecksums.get(expected.path()))) {
                    problems.add(expected.path() + ": manifest checksum differs from the one recorded at backup time");
                }
                FileDigests.FileFacts actual = FileDigests.read(dir, expected.path());
                if (!actual.entry().sha256().equals(expected.sha256())) {
                    problems.add(expected.path() + ": SHA-256 mismatch (file changed or damaged since the backup)");
                }
                if (actual.entry().compressedBytes() != expected.compressedBytes()) {
                    problems.add(expected.path() + ": size " + actual.entry().compressedBytes() + " bytes, expected "
                            + expected.compressedBytes());
                }
                documentsByFile.put(expected.path(), actual.documents());
                bytes += actual.entry().compressedBytes();
            } catch (CorruptBackupException | IllegalArgumentException e) {
                problems.add(e.getMessage());
            } catch (java.io.UncheckedIOException e) {
                problems.add(expected.path() + ": " + e.getMessage());
            }
        }
        if (recordedChecksums != null
                && recordedChecksums.size() != manifest.files().size()) {
            problems.add("manifest lists " + manifest.files().size() + " files, the backup record "
                    + recordedChecksums.size());
        }
        for (Manifest.CollectionEntry collection : manifest.collections()) {
            Long counted = documentsByFile.get(collection.dataFile());
            if (counted != null && counted != collection.documents()) {
                problems.add(
                        collection.dataFile() + ": " + counted + " documents, manifest says " + collection.documents());
            }
            documents += counted == null ? 0 : counted;
        }
        return new Report(problems.isEmpty(), List.copyOf(problems), documents, bytes);
    }
}
