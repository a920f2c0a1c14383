package io.backstop.backup.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.backstop.backup.backup.BackupRecords;
import io.backstop.backup.backup.BackupView;
import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.BackupIds;
import io.backstop.backup.dump.Manifest;
import io.backstop.backup.dump.Verifier;
import io.backstop.backup.storage.BackupStorage;

/**
 * Brings a mongodump made elsewhere in as a backup: unpacked and converted in an import area of its own,
 * published under its backup id in one rename, verified, stored, and only then recorded (completed, type
 * {@code imported}). It writes a backup, not the catalog, so it takes no lock; retention and the reconciler act
 * on records and on {@code .partial} directories, and an import has neither until it is whole. Any refusal or
 * failure leaves nothing: no record, no backup directory, no stored files, no import area.
 */
public final class ImportService {

    private final ImportProperties properties;
    private final BackupFiles files;
    private final BackupRecords records;
    private final BackupStorage storage;
    private final Verifier verifier;
    private final Clock clock;

    public ImportService(
            ImportProperties properties,
            BackupFiles files,
            BackupRecords records,
            BackupStorage storage,
            Verifier verifier,
            Clock clock) {
        this.properties = properties;
        this.files = files;
        this.records = records;
        this.storage = storage;
        this.verifier = verifier;
        this.clock = clock;
    }

    /** What feeds the importer its files. */
    @FunctionalInterface
    private interface Source {
        void read(Path area, DumpImporter importer) throws IOException;
    }

    /** Imports the directory {@code path} (absolute, or relative to the import root), which must be in the root. */
    public BackupView register(String path, String reason, String user) {
        Path dir = directoryInRoot(path);
        return run(
                reason != null ? reason : "imported from " + path,
                user,
                dir.getFileName().toString(),
                (area, importer) -> DumpEntries.ofDirectory(dir, properties.maxEntries(), importer));
    }

    /** Imports a tar, tar.gz or zip archive of a mongodump directory, read from {@code body}. */
    public BackupView upload(InputStream body, String reason, String user) {
        return run(reason != null ? reason : "imported from an uploaded archive", user, null, (area, importer) -> {
            Path archive = spool(body, area);
            DumpEntries.ofArchive(
                    archive, properties.maxEntries(), properties.maxTotalBytes().toBytes(), importer);
        });
    }

    private BackupView run(String description, String user, String rootName, Source source) {
        Instant startedAt = clock.instant();
        String id = BackupIds.next(startedAt);
        Path area = files.createImportArea();
        boolean published = false;
        try {
            DumpImporter importer =
                    new DumpImporter(properties, Files.createDirectory(area.resolve("scratch")), rootName);
            source.read(area, importer);
            Path out = Files.createDirectory(area.resolve("backup"));
            Manifest manifest = importer.finish(id, out, startedAt, clock.instant());
            files.publish(id, out);
            published = true;
            // against the manifest alone: it was computed from these very files a moment ago
            Verifier.Report report = verifier.verify(files.dir(id), id, null);
            if (!report.ok()) {
                throw new IllegalStateException(
                        "imported backup " + id + " failed its own verification: " + report.problems());
            }
            storage.store(id, () -> {});
            records.imported(id, description, user, startedAt, manifest);
            records.verified(id, true, List.of());
            return records.find(id);
        } catch (IOException e) {
            discard(id, published, e);
            throw new UncheckedIOException("Import " + id + " failed", e);
        } catch (RuntimeException | Error e) {
            discard(id, published, e);
            throw e;
        } finally {
            files.deleteImportArea(area);
        }
    }

    private void discard(String id, boolean published, Throwable failure) {
        if (!published) {
            return;
        }
        try {
            storage.delete(id);
            files.delete(id);
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    private Path spool(InputStream body, Path area) throws IOException {
        Path archive = area.resolve("upload");
        long max = properties.maxUploadBytes().toBytes();
        try (InputStream in = new CappedInputStream(
                body,
                max,
                limit -> ImportRefusedException.overLimit("The upload is larger than " + limit
                        + " bytes (backstop.backup.imports.max-upload-bytes); register "
                        + "the directory on the server instead (POST /api/backups/imports {\"path\": ...})."))) {
            Files.copy(in, archive);
        }
        if (Files.size(archive) == 0) {
            throw ImportRefusedException.request("The request body is empty; send the archive itself as the body "
                    + "(Content-Type application/gzip, application/x-tar or application/zip).");
        }
        return archive;
    }

    private Path directoryInRoot(String path) {
        if (properties.root() == null) {
            throw ImportRefusedException.outsideRoot("Registering a directory is off on this server: set "
                    + "backstop.backup.imports.root to the directory dumps are copied into, or upload an archive.");
        }
        Path root;
        try {
            root = properties.root().toRealPath();
        } catch (IOException e) {
            throw ImportRefusedException.outsideRoot("The import directory " + properties.root() + " does not exist "
                    + "on this server; create it and copy the dump below it.");
        }
        Path resolved;
        try {
            resolved = root.resolve(path).normalize();
        } catch (InvalidPathException e) {
            throw ImportRefusedException.request("'" + path + "' is not a valid path: " + e.getReason() + ".");
        }
        if (!resolved.startsWith(root)) {
            throw ImportRefusedException.outsideRoot("'" + path + "' is outside the import directory " + root
                    + "; copy the dump below it and give its path relative to it.");
        }
        if (!Files.isDirectory(resolved)) {
            throw ImportRefusedException.request(
                    "There is no directory '" + path + "' in the import directory " + root + ".");
        }
        Path real;
        try {
            real = resolved.toRealPath();
        } catch (IOException e) {
            throw ImportRefusedException.request("'" + path + "' cannot be read: " + e.getMessage() + ".");
        }
        if (!real.startsWith(root)) {
            throw ImportRefusedException.outsideRoot("'" + path + "' leads outside the import directory " + root
                    + " through a symbolic link; copy the dump itself below it.");
        }
        return real;
    }
}
