package io.backstop.backup.ops;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.scheduling.annotation.Scheduled;

import io.backstop.backup.backup.BackupRecords;
import io.backstop.backup.backup.BackupView;
import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.lock.CriticalOps;
import io.backstop.backup.storage.BackupStorage;
import io.backstop.support.lease.Lease;

/**
 * At start-up, nothing may stay "running" without a live lease behind it (PBM's stuck-backup complaint): such
 * operations and backups are marked failed and their partial files removed. An operation another replica runs
 * under a live lease is left alone.
 */
public final class StartupReconciler implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StartupReconciler.class);

    private final CriticalOps ops;
    private final OperationRecords operations;
    private final BackupRecords backups;
    private final BackupFiles files;
    private final Clock clock;
    private final BackupStorage storage;

    public StartupReconciler(
            CriticalOps ops,
            OperationRecords operations,
            BackupRecords backups,
            BackupFiles files,
            Clock clock,
            BackupStorage storage) {
        this.storage = storage;
        this.ops = ops;
        this.operations = operations;
        this.backups = backups;
        this.files = files;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        reconcile();
    }

    /**
     * Again while running: a holder killed after this replica started leaves a lease that only goes stale later,
     * and nothing else would fail its operation or remove its partial files until the next operation came along.
     * Only when no live lease exists, so an operation in progress anywhere is never touched.
     */
    @Scheduled(initialDelayString = "PT45S", fixedDelayString = "PT15S")
    public void reconcileWhileNobodyHoldsTheLock() {
        try {
            boolean held =
                    ops.current().map(lease -> lease.activeAt(clock.instant())).orElse(false);
            if (!held) {
                reconcile();
            }
        } catch (RuntimeException e) {
            log.warn("Periodic reconciliation failed, will try again: {}", e.toString());
        }
    }

    public void reconcile() {
        // records first, lease second: a record created after this read belongs to a lease acquired before it
        Set<String> running = new LinkedHashSet<>(operations.runningIds());
        running.addAll(backups.runningOperationIds());
        Lease lease = ops.current().orElse(null);
        String live = lease != null && lease.activeAt(clock.instant()) ? lease.operationId() : null;
        long fence = lease == null ? 0 : lease.token();
        for (String operationId : running) {
            if (operationId != null && !operationId.equals(live)) {
                log.warn("Operation {} was still marked running without a live lease: marking it failed", operationId);
                ops.orphaned(operationId, fence, "holder lost its lease (it stopped before finishing; no live lease)");
            }
        }
        for (String id : files.partialIds()) {
            BackupView view = backups.find(id);
            boolean inProgress = view != null
                    && BackupRecords.RUNNING.equals(view.status())
                    && view.operationId() != null
                    && view.operationId().equals(live);
            if (!inProgress) {
                files.deletePartial(id);
            }
        }
        files.deleteAllStaging();
        // a crash between upload and record leaves a stored backup whose record says failed; one without any
        // record is kept (the backup database may have been lost and the files are all that is left)
        try {
            for (String id : storage.list()) {
                BackupView view = backups.find(id);
                if (view != null && BackupRecords.FAILED.equals(view.status())) {
                    log.warn("Backup {} failed but is still in {}: deleting it", id, storage.describe(id));
                    storage.delete(id);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not check the backup storage for leftovers of failed backups: {}", e.getMessage());
        }
    }
}
