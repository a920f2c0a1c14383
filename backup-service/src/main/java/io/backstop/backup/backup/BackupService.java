package io.backstop.backup.backup;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.springframework.http.HttpStatus;

import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.BackupIds;
import io.backstop.backup.dump.Verifier;
import io.backstop.backup.lock.CriticalOps;
import io.backstop.backup.ops.OperationRecords;
import io.backstop.backup.ops.OperationStatus;
import io.backstop.backup.ops.OperationView;
import io.backstop.backup.progress.ProgressPublisher;
import io.backstop.backup.retention.RetentionService;
import io.backstop.backup.storage.BackupStorage;
import io.backstop.contracts.OperationKind;
import io.backstop.contracts.Page;
import io.backstop.support.ApiException;

/** Starting, listing, verifying, pinning and deleting backups. */
public class BackupService {

    private final CriticalOps ops;
    private final BackupJob job;
    private final BackupRecords records;
    private final BackupFiles files;
    private final Verifier verifier;
    private final ProgressPublisher progress;
    private final Clock clock;
    private final BackupStorage storage;
    private final RetentionService retention;
    private final OperationRecords operations;

    public BackupService(
            CriticalOps ops,
            BackupJob job,
            BackupRecords records,
            BackupFiles files,
            Verifier verifier,
            ProgressPublisher progress,
            Clock clock,
            BackupStorage storage,
            RetentionService retention,
            OperationRecords operations) {
        this.operations = operations;
        this.storage = storage;
        this.retention = retention;
        this.ops = ops;
        this.job = job;
        this.records = records;
        this.files = files;
        this.verifier = verifier;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * Takes the lock (409 if held), writes the running record and runs the backup in the background; the id is
     * also the operation id. A completed backup then applies the retention policy under the same lock, and its
     * operation lists what that deleted under {@code retention}.
     *
     * @return the backup as stored, running
     */
    public BackupView start(BackupType type, String description, String user) {
        String id = BackupIds.next(clock.instant());
        BackupJob.Begun[] begun = new BackupJob.Begun[1];
        ops.startAsync(
                id,
                OperationKind.BACKUP,
                user,
                description,
                ctx -> {
                    begun[0] = job.begin(ctx, id, type, description);
                    return Map.of();
                },
                ctx -> {
                    Map<String, Object> details = new LinkedHashMap<>(job.run(ctx, begun[0], BackupJob.Span.WHOLE));
                    Map<String, Object> cleanup = retention.afterBackup(ctx);
                    if (!cleanup.isEmpty()) {
                        details.put("retention", cleanup);
                    }
                    return details;
                });
        return get(id);
    }

    public Page<BackupView> list(String status, Integer limit, String cursor) {
        if (status != null
                && !List.of(BackupRecords.RUNNING, BackupRecords.COMPLETED, BackupRecords.FAILED)
                        .contains(status)) {
            throw ApiException.badRequest("status must be running, completed or failed");
        }
        return records.page(status, limit, cursor);
    }

    public BackupView get(String id) {
        BackupView view = records.find(BackupIds.require(id));
        if (view == null) {
            throw ApiException.notFound("No backup " + id + "; GET /api/backups lists them");
        }
        return view;
    }

    public BackupView completed(String id) {
        BackupView view = get(id);
        if (!view.completed()) {
            throw ApiException.conflict("Backup " + id + " is " + view.status() + ", only a completed backup can be "
                    + "used; pick one with status completed");
        }
        return view;
    }

    /**
     * Re-reads every file; read-only, so it does not take the lock (a delete waits for nothing it could break).
     * Recorded as an operation like the others, so GET /api/operations lists every verification.
     *
     * @return the verification operation, ended: failed (with the problems) when the backup is damaged
     */
    public OperationView verify(String id, String user) {
        BackupView view = completed(id);
        String operationId = "verify-" + id + "-" + clock.millis();
        Instant startedAt = clock.instant();
        operations.started(operationId, OperationKind.VERIFY, null, user, OperationRecords.UNFENCED);
        progress.publish(operationId, OperationKind.VERIFY, "started", 0, "verifying " + id, user, startedAt, null);
        Verifier.Report report;
        try {
            report = verifier.verify(id, view.checksums());
        } catch (RuntimeException e) {
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            operations.finished(
                    operationId,
                    OperationRecords.UNFENCED,
                    OperationStatus.FAILED,
                    error,
                    new Document("backupId", id));
            progress.publish(
                    operationId,
                    OperationKind.VERIFY,
                    "failed",
                    100,
                    "backup " + id + " not verified",
                    user,
                    startedAt,
                    error);
            throw e;
        }
        records.verified(id, report.ok(), report.problems());
        String error = report.ok() ? null : String.join("; ", report.problems());
        operations.finished(
                operationId,
                OperationRecords.UNFENCED,
                report.ok() ? OperationStatus.COMPLETED : OperationStatus.FAILED,
                error,
                new Document("backupId", id)
                        .append("documents", report.documents())
                        .append("problems", report.problems()));
        progress.publish(
                operationId,
                OperationKind.VERIFY,
                report.ok() ? "completed" : "failed",
                100,
                report.ok() ? "backup " + id + " verified" : "backup " + id + " is damaged",
                user,
                startedAt,
                error);
        return operations.find(operationId);
    }

    public BackupView pin(String id, boolean pinned) {
        get(id);
        records.pin(id, pinned);
        return get(id);
    }

    /** Deletes under the lock, so it can never remove a backup a running restore is reading. */
    public void delete(String id, String user) {
        BackupView view = get(id);
        if (BackupRecords.RUNNING.equals(view.status())) {
            throw ApiException.conflict("Backup " + id + " is still running; wait for it to finish");
        }
        if (view.pinned()) {
            throw ApiException.conflict("Backup " + id + " is pinned; unpin it first (POST /api/backups/" + id
                    + "/pin {\"pinned\": false})");
        }
        List<BackupView> newest = records.list(BackupRecords.COMPLETED, 1);
        if (!newest.isEmpty() && newest.get(0).id().equals(id)) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "Backup " + id + " is the newest completed backup and is "
                            + "always kept; take a newer backup first");
        }
        ops.runSync("delete-" + id + "-" + clock.millis(), OperationKind.CLEANUP, user, "deleted by hand", ctx -> {
            storage.delete(id);
            records.remove(id);
            return Map.of("deleted", List.of(id), "trigger", "requested");
        });
    }
}
