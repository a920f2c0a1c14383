package io.backstop.backup.restore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;
import org.springframework.http.HttpStatus;

import io.backstop.backup.backup.BackupJob;
import io.backstop.backup.backup.BackupService;
import io.backstop.backup.backup.BackupType;
import io.backstop.backup.backup.BackupView;
import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.BackupIds;
import io.backstop.backup.dump.Manifest;
import io.backstop.backup.dump.ManifestIO;
import io.backstop.backup.dump.Verifier;
import io.backstop.backup.lock.CriticalOps;
import io.backstop.backup.lock.OperationContext;
import io.backstop.backup.ops.OperationView;
import io.backstop.backup.storage.BackupStorage;
import io.backstop.contracts.Actions;
import io.backstop.contracts.OperationKind;
import io.backstop.outbox.Attribution;
import io.backstop.support.ApiException;

/**
 * Restore of a full backup: confirmation, verification before anything changes, write freeze, automatic
 * pre-restore backup, differential restore through the outbox, indexes, freeze lifted whatever happens.
 */
public class RestoreService {

    private final CriticalOps ops;
    private final BackupService backups;
    private final BackupJob job;
    private final BackupFiles files;
    private final Verifier verifier;
    private final CatalogApplier applier;
    private final Clock clock;
    private final BackupStorage storage;

    public RestoreService(
            CriticalOps ops,
            BackupService backups,
            BackupJob job,
            BackupFiles files,
            Verifier verifier,
            CatalogApplier applier,
            Clock clock,
            BackupStorage storage) {
        this.storage = storage;
        this.ops = ops;
        this.backups = backups;
        this.job = job;
        this.files = files;
        this.verifier = verifier;
        this.applier = applier;
        this.clock = clock;
    }

    /** @return the restore operation as stored when it was accepted (running) */
    public OperationView restore(String backupId, RestoreRequest request, String user, String requestId) {
        BackupIds.require(backupId);
        if (!backupId.equals(request.confirm())) {
            throw ApiException.badRequest("confirm must repeat the backup id exactly (\"" + backupId
                    + "\") to restore it; nothing was changed");
        }
        BackupView view = backups.completed(backupId);
        String operationId = "rs-" + BackupIds.next(clock.instant()).substring(3);
        BackupStorage.Staged[] staged = new BackupStorage.Staged[1];
        try {
            ops.startAsync(
                    operationId,
                    OperationKind.RESTORE,
                    user,
                    request.reason(),
                    ctx -> verifyOrRefuse(backupId, view, staged),
                    ctx -> {
                        try {
                            return run(ctx, backupId, staged[0].dir(), request.reason(), requestId);
                        } finally {
                            staged[0].close();
                        }
                    });
        } catch (RuntimeException e) {
            if (staged[0] != null) {
                staged[0].close();
            }
            throw e;
        }
        return ops.view(operationId);
    }

    /**
     * Runs in the caller's thread while holding the lock: reads the backup from its storage (a download for
     * object storage, kept for the restore) and refuses a damaged one before anything changes.
     */
    private Map<String, Object> verifyOrRefuse(String backupId, BackupView view, BackupStorage.Staged[] staged) {
        Verifier.Report report;
        try {
            staged[0] = storage.open(backupId);
            report = verifier.verify(staged[0].dir(), backupId, view.checksums());
        } catch (io.backstop.backup.storage.StorageException e) {
            report = new Verifier.Report(false, java.util.List.of(e.getMessage()), 0, 0);
        }
        if (!report.ok()) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "Backup " + backupId
                            + " failed verification, so it was not restored and no document changed: "
                            + String.join("; ", report.problems())
                            + ". Choose another backup (POST /api/backups/{id}/verify "
                            + "checks one).");
        }
        return Map.of();
    }

    private Map<String, Object> run(OperationContext ctx, String backupId, Path dir, String reason, String requestId)
            throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("backupId", backupId);
        applier.freeze(ctx);
        try {
            String preRestoreId = BackupIds.next(clock.instant());
            job.run(
                    ctx,
                    preRestoreId,
                    BackupType.PRE_RESTORE,
                    "automatic, before restoring " + backupId,
                    new BackupJob.Span(2, 40));
            result.put("preRestoreBackupId", preRestoreId);
            Manifest manifest = ManifestIO.read(dir);
            Attribution by = new Attribution(
                    Actions.RESTORE,
                    ctx.startedBy(),
                    reason,
                    requestId,
                    new Document("backupId", backupId).append("operationId", ctx.operationId()));
            result.put(
                    "collections",
                    applier.apply(
                            ctx,
                            manifest,
                            dir,
                            collection -> BackupSource.open(files.fileIn(
                                    dir, manifest.collection(collection).dataFile())),
                            manifest.sortedById(),
                            by,
                            40,
                            99));
            return result;
        } finally {
            applier.unfreeze(ctx);
        }
    }
}
