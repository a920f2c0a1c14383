package io.backstop.backup.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.backstop.contracts.OperationKind;

/**
 * One operation (backup, restore, point-in-time restore, cleanup, verification) as GET /api/operations/{id}
 * shows it, and as the endpoints that start one answer it.
 *
 * @param reason     why it was started: a backup's description, a restore's reason; null when none was given
 * @param durationMs null while it runs
 * @param outcome    what it did, once it has ended; null while it runs and for a failure that did nothing
 */
public record OperationView(
        String id,
        OperationKind kind,
        OperationStatus status,
        String reason,
        String startedBy,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        int percent,
        String message,
        String error,
        Outcome outcome) {

    /**
     * Each field is present only for the kinds that have it.
     *
     * @param backupId           the backup made (backup), restored from (restore) or verified (verify)
     * @param baseBackupId       the backup a point-in-time restore started from
     * @param at                 the instant a point-in-time restore restored to
     * @param preRestoreBackupId the backup taken just before a restore changed anything: restoring it undoes it
     * @param documentsChanged   documents a restore created, changed or deleted, all collections together
     * @param collections        per collection, what a restore did
     * @param deletedBackupIds   backups a cleanup (or a backup's retention run) deleted
     * @param trigger            why a cleanup ran: requested, daily, or after a backup
     * @param documents          documents a backup or a verification read
     * @param problems           what a verification found wrong (empty when the backup is intact)
     * @param reconcile          how a backup brought the audit trail in line with the catalog first
     * @param warning            something that went wrong without failing the operation (e.g. its retention run)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(
            String backupId,
            String baseBackupId,
            Instant at,
            String preRestoreBackupId,
            Long documentsChanged,
            Map<String, CollectionCounts> collections,
            List<String> deletedBackupIds,
            String trigger,
            Long documents,
            List<String> problems,
            String reconcile,
            String warning) {}

    /** What a restore did to one collection (or, in a preview, would do). */
    public record CollectionCounts(long created, long changed, long deleted, long unchanged) {

        public long total() {
            return created + changed + deleted;
        }
    }
}
