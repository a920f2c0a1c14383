package io.backstop.backup.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.backup.BackupRecords;
import io.backstop.backup.backup.BackupView;
import io.backstop.backup.lock.CriticalOps;
import io.backstop.backup.storage.BackupStorage;

/**
 * Retention: keep the newest {@code keepLast} completed backups and those younger than {@code maxAge}; pinned
 * backups, the newest completed one and running ones are never deleted. A cleanup runs under the lock, so nothing
 * a restore is reading can go.
 */
public class RetentionService {

    private final BackupRecords records;
    private final BackupStorage files;
    private final CriticalOps ops;
    private final BackupProperties.Retention policy;
    private final Clock clock;

    public RetentionService(BackupRecords records, BackupStorage files, CriticalOps ops,
                            BackupProperties.Retention policy, Clock clock) {
        this.records = records;
        this.files = files;
        this.ops = ops;
        this.policy = policy;
        this.clock = clock;
    }

    public record Doomed(String id, Instant startedAt, String reason) {
    }

    public record Result(boolean dryRun, List<Doomed> deleted, int kept, String operationId) {
    }

    public List<Doomed> plan() {
        Instant now = clock.instant();
        List<BackupView> completed = records.list(BackupRecords.COMPLETED, 100_000);
        List<Doomed> doomed = new ArrayList<>();
        for (int rank = 0; rank < completed.size(); rank++) {
            BackupView backup = completed.get(rank);
            if (rank == 0 || backup.pinned()) {
                continue;
            }
            if (rank >= policy.keepLast()) {
                doomed.add(new Doomed(backup.id(), backup.startedAt(), "beyond the newest " + policy.keepLast()));
            }
            else if (policy.maxAge() != null && backup.startedAt().isBefore(now.minus(policy.maxAge()))) {
                doomed.add(new Doomed(backup.id(), backup.startedAt(), "older than " + policy.maxAge()));
            }
        }
        return doomed;
    }

    public Result cleanup(boolean dryRun, String user) {
        if (dryRun) {
            List<Doomed> doomed = plan();
            return new Result(true, doomed, records.list(BackupRecords.COMPLETED, 100_000).size() - doomed.size(),
                    null);
        }
        String operationId = "cl-" + io.backstop.backup.dump.BackupIds.next(clock.instant()).substring(3);
        List<Doomed> deleted = new ArrayList<>();
        ops.runSync(operationId, "cleanup", user, ctx -> {
            List<Doomed> doomed = plan();
            for (Doomed d : doomed) {
                ctx.ensureHeld();
                files.delete(d.id());
                records.remove(d.id());
                deleted.add(d);
                ctx.progress((int) (100.0 * deleted.size() / doomed.size()), "deleted " + d.id());
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("deleted", deleted.stream().map(Doomed::id).toList());
            return result;
        });
        return new Result(false, deleted, records.list(BackupRecords.COMPLETED, 100_000).size(), operationId);
    }
}
