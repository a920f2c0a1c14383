package io.backstop.backup.backup;

import java.time.Instant;
import java.util.Map;

import io.backstop.backup.dump.Manifest;

/** A backup as the API shows it. */
public record BackupView(
        String id,
        String status,
        String type,
        String description,
        String startedBy,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        long compressedBytes,
        long uncompressedBytes,
        Map<String, Long> counts,
        Map<String, String> checksums,
        Manifest.Position positionAtStart,
        Manifest.Position positionAtEnd,
        boolean pinned,
        String error,
        String operationId,
        String tool,
        Verification lastVerification) {

    public boolean completed() {
        return "completed".equals(status);
    }

    public record Verification(Instant at, boolean ok, java.util.List<String> problems) {
    }
}
