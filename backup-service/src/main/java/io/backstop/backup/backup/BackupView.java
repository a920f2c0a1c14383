package io.backstop.backup.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.backstop.backup.dump.Manifest;

/**
 * A backup as the API shows it. A backup is an artifact, so it has {@code createdAt}/{@code createdBy}; the
 * operation that made it is {@code operationId} (GET /api/operations/{operationId}).
 *
 * @param status            running, completed or failed
 * @param type              manual, scheduled or pre-restore
 * @param description       why it was taken, as given when it was started
 * @param finishedAt        null while it runs
 * @param compressedBytes   size of its files as stored (0 until completed)
 * @param uncompressedBytes size of the documents it holds (0 until completed)
 * @param counts            documents per collection
 * @param error             why it failed; null unless status is failed
 */
public record BackupView(
        String id,
        String status,
        String type,
        String description,
        String createdBy,
        Instant createdAt,
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

    public record Verification(Instant at, boolean ok, List<String> problems) {}
}
