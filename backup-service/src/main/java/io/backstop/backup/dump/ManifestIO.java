package io.backstop.backup.dump;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.core.JacksonException;

import io.backstop.contracts.Json;

/** Reads and writes {@code manifest.json}. */
public final class ManifestIO {

    private ManifestIO() {}

    public static void write(Path dir, Manifest manifest) throws IOException {
        Files.write(
                dir.resolve(BackupFiles.MANIFEST),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    }

    public static Manifest read(Path dir) {
        Path file = dir.resolve(BackupFiles.MANIFEST);
        try {
            return Json.MAPPER.readValue(Files.readAllBytes(file), Manifest.class);
        } catch (IOException | JacksonException e) {
            throw new CorruptBackupException(BackupFiles.MANIFEST + " is missing or unreadable: " + e.getMessage());
        }
    }
}
