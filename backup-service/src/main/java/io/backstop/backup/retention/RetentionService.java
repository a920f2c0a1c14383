package io.backstop.backup.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.backstop.backup.backup.BackupRecords;
import io.backstop.backup.backup.BackupView;
import io.backstop.backup.dump.BackupIds;
import io.backstop.backup.lock.CriticalOps;
import io.backstop.backup.lock.LockHeldException;
import io.backstop.backup.lock.OperationContext;
import io.backstop.backup.ops.OperationView;
import io.backstop.backup.storage.BackupStorage;
import io.backstop.contracts.OperationKind;

/**
 * Retention: keep the newest {@code keepLast} completed backups, and of those only the ones younger than
 * {@code maxAgeDays}; pinned backups, the newest completed one and running ones are never deleted. Every deletion
 * happens under the lock, so nothing a restore is reading can go, and is listed in the details of the operation
 * that made it: a cleanup (asked for, or the daily one) or the backup whose success triggered it.
 */
public class RetentionService {

    private static final Logger log = LoggerFactory.getLogger(RetentionService.class);
    public static final String SYSTEM_USER = "system:backup-service";
    static final Duration DAILY = Duration.ofDays(1);

    private final BackupRecords records;
    private final BackupStorage files;
    private final CriticalOps ops;
    private final RetentionPolicyStore policies;
    private final Clock clock;

    public RetentionService(
            BackupRecords records, BackupStorage files, CriticalOps ops, RetentionPolicyStore policies, Clock clock) {
        this.records = records;
        this.files = files;
        this.ops = ops;
        this.policies = policies;
        this.clock = clock;
    }

    /** A backup the policy would delete, and why. */
    public record Doomed(String backupId, Instant createdAt, String reason) {}

    /** What a cleanup would do now: the backups it would delete, and how many completed ones it would keep. */
    public record Preview(List<Doomed> backups, int kept) {}

    public List<Doomed> plan() {
        RetentionPolicyStore.Policy policy = policies.current();
        Instant now = clock.instant();
        List<BackupView> completed = records.list(BackupRecords.COMPLETED, 100_000);
        List<Doomed> doomed = new ArrayList<>();
        for (int rank = 0; rank < completed.size(); rank++) {
            BackupView backup = completed.get(rank);
            if (rank == 0 || backup.pinned()) {
                continue;
            }
            if (rank >= policy.keepLast()) {
                doomed.add(new Doomed(backup.id(), backup.createdAt(), "beyond the newest " + policy.keepLast()));
            } else if (policy.maxAge() != null && backup.createdAt().isBefore(now.minus(policy.maxAge()))) {
                doomed.add(new Doomed(backup.id(), backup.createdAt(), "older than " + policy.maxAgeDays() + " days"));
            }
        }
        return doomed;
    }

    public Preview preview() {
        List<Doomed> doomed = plan();
        return new Preview(
                doomed, records.list(BackupRecords.COMPLETED, 100_000).size() - doomed.size());
    }

    /** @return the cleanup operation, ended */
    public OperationView cleanup(String user) {
        String operationId = operationId();
        ops.runSync(
                operationId,
                OperationKind.CLEANUP,
                user,
                null,
                ctx -> details(deleteDoomed(ctx, new ArrayList<>(), true), "requested"));
        return ops.view(operationId);
    }

    /**
     * Applies the policy from within a backup operation that just completed, under its lease, so no other operation
     * can start in between and the next request sees the lock free only once retention is done.
     *
     * @return what to add to the backup operation's details: the backups deleted and why
     */
    public Map<String, Object> afterBackup(OperationContext ctx) {
        List<Doomed> deleted = new ArrayList<>();
        try {
            deleteDoomed(ctx, deleted, false);
        } catch (RuntimeException e) {
            // the backup itself is complete: a failed cleanup must not turn it into a failed backup
            log.warn(
                    "Retention after backup {} stopped after deleting {}: {}",
                    ctx.operationId(),
                    deleted.size(),
                    e.toString());
            Map<String, Object> partial = details(deleted, "after backup " + ctx.operationId());
            partial.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
            return partial;
        }
        return deleted.isEmpty() ? Map.of() : details(deleted, "after backup " + ctx.operationId());
    }

    /**
     * The daily run: a cleanup operation of its own when the policy has something to delete. Skipped while another
     * operation holds the lock (a restore may be reading any backup); the next tick tries again.
     *
     * @return the operation id, or null if nothing ran
     */
    public String dailyIfDue() {
        if (!policies.dailyRunDue(DAILY)) {
            return null;
        }
        if (plan().isEmpty()) {
            policies.dailyRunDone();
            return null;
        }
        String operationId = operationId();
        try {
            ops.runSync(
                    operationId,
                    OperationKind.CLEANUP,
                    SYSTEM_USER,
                    "daily retention run",
                    ctx -> details(deleteDoomed(ctx, new ArrayList<>(), true), "daily"));
        } catch (LockHeldException e) {
            log.info("Daily retention postponed: {}", e.getMessage());
            return null;
        }
        policies.dailyRunDone();
        return operationId;
    }

    /** Plans under the lock the caller holds, then deletes, adding each backup to {@code deleted} once it is gone. */
    private List<Doomed> deleteDoomed(OperationContext ctx, List<Doomed> deleted, boolean reportProgress) {
        List<Doomed> doomed = plan();
        for (Doomed d : doomed) {
            ctx.ensureHeld();
            files.delete(d.backupId());
            records.remove(d.backupId());
            deleted.add(d);
            if (reportProgress) {
                ctx.progress((int) (100.0 * deleted.size() / doomed.size()), "deleted " + d.backupId());
            }
        }
        return deleted;
    }

    private Map<String, Object> details(List<Doomed> deleted, String trigger) {
        RetentionPolicyStore.Policy policy = policies.current();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("deleted", deleted.stream().map(Doomed::backupId).toList());
        details.put("trigger", trigger);
        details.put("keepLast", policy.keepLast());
        details.put("maxAgeDays", policy.maxAgeDays());
        return details;
    }

    private String operationId() {
        return "cl-" + BackupIds.next(clock.instant()).substring(3);
    }
}
