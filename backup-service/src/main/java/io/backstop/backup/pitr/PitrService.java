package io.backstop.backup.pitr;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;
import org.springframework.http.HttpStatus;

import io.backstop.backup.backup.BackupJob;
import io.backstop.backup.backup.BackupRecords;
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
import io.backstop.backup.restore.BackupSource;
import io.backstop.backup.restore.CatalogApplier;
import io.backstop.backup.restore.DifferentialRestore;
import io.backstop.backup.restore.IdOrder;
import io.backstop.backup.storage.BackupStorage;
import io.backstop.backup.storage.StorageException;
import io.backstop.contracts.Actions;
import io.backstop.contracts.OperationKind;
import io.backstop.contracts.Topics;
import io.backstop.outbox.Attribution;
import io.backstop.support.ApiException;

/**
 * Point-in-time restore: the newest completed backup that started before T, plus the final state at T of every
 * document the audit trail shows changing after that backup started. Entries during the backup window are applied
 * too: each carries the document's whole state, so re-applying one the dump already saw is harmless.
 */
public class PitrService {

    private final BackupRecords records;
    private final BackupFiles files;
    private final Verifier verifier;
    private final AuditChangesClient audit;
    private final DifferentialRestore preview;
    private final CatalogApplier applier;
    private final BackupJob job;
    private final CriticalOps ops;
    private final Clock clock;
    private final BackupStorage storage;

    public PitrService(
            BackupRecords records,
            BackupFiles files,
            Verifier verifier,
            AuditChangesClient audit,
            DifferentialRestore preview,
            CatalogApplier applier,
            BackupJob job,
            CriticalOps ops,
            Clock clock,
            BackupStorage storage) {
        this.storage = storage;
        this.records = records;
        this.files = files;
        this.verifier = verifier;
        this.audit = audit;
        this.preview = preview;
        this.applier = applier;
        this.job = job;
        this.clock = clock;
        this.ops = ops;
    }

    /**
     * What a point-in-time restore to {@code at} would do; the accepted run reports the same counts in its
     * operation's outcome when it ends.
     *
     * @param documentsChanged the documents the restore would create, change or delete, as compared with the live
     *                         catalog: not the documents the audit trail touched, many of which may already be live
     *                         as they were at T
     */
    public record Preview(
            Instant at,
            String baseBackupId,
            int auditEntries,
            long documentsChanged,
            Map<String, OperationView.CollectionCounts> collections) {}

    /** {@code staged} holds the base backup's files (a download for object storage) until closed. */
    private record Plan(
            Instant at,
            BackupView base,
            Manifest manifest,
            Map<String, TreeMap<String, Document>> overlay,
            int entries,
            BackupStorage.Staged staged)
            implements AutoCloseable {
        @Override
        public void close() {
            staged.close();
        }
    }

    /** @return the instant the request names, refused when it is not one or in the future */
    public Instant at(PitrRequest request) {
        Instant at;
        try {
            at = Instant.parse(request.at());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("at must be an ISO-8601 instant such as 2026-11-26T10:30:00Z");
        }
        if (at.isAfter(clock.instant())) {
            throw ApiException.badRequest("at is in the future; choose an instant up to now");
        }
        return at;
    }

    public Preview preview(Instant at) {
        try (Plan plan = plan(at)) {
            Map<String, OperationView.CollectionCounts> collections = new LinkedHashMap<>();
            long changed = 0;
            for (String collection : Topics.CATALOG_COLLECTIONS) {
                try (OverlaySource source = source(plan, collection)) {
                    DifferentialRestore.Counts counts = preview.run(collection, source, true, null, n -> {});
                    collections.put(
                            collection,
                            new OperationView.CollectionCounts(
                                    counts.created(), counts.updated(), counts.deleted(), counts.unchanged()));
                    changed += counts.changed();
                }
            }
            return new Preview(at, plan.base().id(), plan.entries(), changed, collections);
        }
    }

    /** @return the operation it started, as accepted (running) */
    public OperationView start(PitrRequest request, Instant at, String user, String requestId) {
        if (!request.at().equals(request.confirm())) {
            throw ApiException.badRequest("confirm must repeat at exactly (\"" + request.at() + "\") to restore the "
                    + "catalog to that instant; nothing was changed");
        }
        String operationId = "pitr-" + BackupIds.next(clock.instant()).substring(3);
        Plan[] plan = new Plan[1];
        try {
            ops.startAsync(
                    operationId,
                    OperationKind.PITR,
                    user,
                    request.reason(),
                    ctx -> {
                        plan[0] = plan(at);
                        return Map.of();
                    },
                    ctx -> {
                        try (Plan p = plan[0]) {
                            return apply(ctx, p, request.reason(), requestId);
                        }
                    });
        } catch (RuntimeException e) {
            if (plan[0] != null) {
                plan[0].close();
            }
            throw e;
        }
        return ops.view(operationId);
    }

    private Plan plan(Instant at) {
        BackupView base = records.newestCompletedBefore(at);
        if (base == null) {
            throw ApiException.conflict("No completed backup started before " + at + "; the earliest point in time "
                    + "that can be restored is the start of the oldest completed backup");
        }
        BackupStorage.Staged staged;
        try {
            staged = storage.open(base.id());
        } catch (StorageException e) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "The base backup " + base.id() + " could not be read, nothing was changed: " + e.getMessage());
        }
        try {
            return plan(at, base, staged);
        } catch (RuntimeException e) {
            staged.close();
            throw e;
        }
    }

    private Plan plan(Instant at, BackupView base, BackupStorage.Staged staged) {
        Verifier.Report report = verifier.verify(staged.dir(), base.id(), base.checksums());
        if (!report.ok()) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "The base backup " + base.id() + " failed verification, nothing was changed: "
                            + String.join("; ", report.problems()));
        }
        Map<String, TreeMap<String, Document>> overlay = new HashMap<>();
        Topics.CATALOG_COLLECTIONS.forEach(c -> overlay.put(c, new TreeMap<>(IdOrder.INSTANCE::compare)));
        int[] entries = {0};
        audit.changes(base.createdAt(), at, change -> {
            TreeMap<String, Document> perCollection = overlay.get(change.collection());
            if (perCollection != null) {
                entries[0]++;
                perCollection.put(change.documentId(), change.after() == null ? null : Document.parse(change.after()));
            }
        });
        return new Plan(at, base, ManifestIO.read(staged.dir()), overlay, entries[0], staged);
    }

    private OverlaySource source(Plan plan, String collection) {
        Path dir = plan.staged().dir();
        return new OverlaySource(
                BackupSource.open(
                        files.fileIn(dir, plan.manifest().collection(collection).dataFile())),
                plan.overlay().get(collection));
    }

    private Map<String, Object> apply(OperationContext ctx, Plan plan, String reason, String requestId)
            throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("at", plan.at().toString());
        result.put("baseBackupId", plan.base().id());
        applier.freeze(ctx);
        try {
            String preRestoreId = BackupIds.next(clock.instant());
            job.run(
                    ctx,
                    preRestoreId,
                    BackupType.PRE_RESTORE,
                    "automatic, before point-in-time restore to " + plan.at(),
                    new BackupJob.Span(2, 40));
            result.put("preRestoreBackupId", preRestoreId);
            Attribution by = new Attribution(
                    Actions.RESTORE,
                    ctx.startedBy(),
                    reason,
                    requestId,
                    new Document("backupId", plan.base().id())
                            .append("operationId", ctx.operationId())
                            .append("pointInTime", plan.at().toString()));
            Map<String, Object> collections = applier.apply(
                    ctx,
                    plan.manifest(),
                    plan.staged().dir(),
                    collection -> source(plan, collection),
                    true,
                    by,
                    40,
                    99);
            result.put("collections", collections);
            result.put("documentsChanged", CatalogApplier.changed(collections));
            return result;
        } finally {
            applier.unfreeze(ctx);
        }
    }
}
