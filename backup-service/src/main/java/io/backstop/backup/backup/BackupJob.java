package io.backstop.backup.backup;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.Dumper;
import io.backstop.backup.dump.Manifest;
import io.backstop.backup.dump.ManifestIO;
import io.backstop.backup.dump.PositionProbe;
import io.backstop.backup.dump.Verifier;
import io.backstop.backup.lock.LeaseLostException;
import io.backstop.backup.lock.OperationContext;
import io.backstop.backup.metrics.BackupMetrics;
import io.backstop.backup.storage.BackupStorage;
import io.backstop.contracts.Topics;

/**
 * One backup, run inside a critical operation (its own, or a restore's pre-restore backup): record, reconcile of
 * the audit trail ({@link TrailReconcile}: bounded, and a failure is reported in the result, not fatal), dump into
 * {@code <id>.partial}, manifest, atomic rename, verification, upload to the storage (verified there too),
 * completed record. Any failure leaves a failed record and no files, local or stored.
 */
public final class BackupJob {

    private final BackupRecords records;
    private final BackupFiles files;
    private final Dumper dumper;
    private final PositionProbe positions;
    private final Verifier verifier;
    private final Clock clock;
    private final BackupStorage storage;
    private final BackupMetrics metrics;
    private final TrailReconcile reconcile;

    public BackupJob(
            BackupRecords records,
            BackupFiles files,
            Dumper dumper,
            PositionProbe positions,
            Verifier verifier,
            Clock clock) {
        this(
                records,
                files,
                dumper,
                positions,
                verifier,
                clock,
                new io.backstop.backup.storage.LocalBackupStorage(files),
                BackupMetrics.NONE,
                TrailReconcile.NONE);
    }

    public BackupJob(
            BackupRecords records,
            BackupFiles files,
            Dumper dumper,
            PositionProbe positions,
            Verifier verifier,
            Clock clock,
            BackupStorage storage,
            BackupMetrics metrics,
            TrailReconcile reconcile) {
        this.reconcile = reconcile;
        this.storage = storage;
        this.metrics = metrics;
        this.records = records;
        this.files = files;
        this.dumper = dumper;
        this.positions = positions;
        this.verifier = verifier;
        this.clock = clock;
    }

    /** Percent of the whole operation this backup spans, for progress of a restore's pre-restore backup. */
    public record Span(int from, int to) {
        public static final Span WHOLE = new Span(0, 100);

        int at(long done, long total) {
            return total <= 0 ? from : (int) (from + (to - from) * Math.min(1.0, (double) done / total));
        }
    }

    /** A backup whose record says running: what {@link #run(OperationContext, Begun, Span)} continues from. */
    public record Begun(String id, BackupType type, Instant startedAt, long startNanos, Manifest.Position start) {}

    public Map<String, Object> run(OperationContext ctx, String id, BackupType type, String description, Span span)
            throws Exception {
        return run(ctx, begin(ctx, id, type, description), span);
    }

    /**
     * Writes the running record; separate from {@link #run(OperationContext, Begun, Span)} so that a caller can
     * answer with the backup as stored before the dump starts on another thread.
     */
    public Begun begin(OperationContext ctx, String id, BackupType type, String description) {
        Instant startedAt = clock.instant();
        long startNanos = System.nanoTime();
        Manifest.Position start = positions.now();
        records.started(id, type, description, ctx.startedBy(), ctx.operationId(), ctx.fence(), start);
        return new Begun(id, type, startedAt, startNanos, start);
    }

    public Map<String, Object> run(OperationContext ctx, Begun begun, Span span) throws Exception {
        String id = begun.id();
        BackupType type = begun.type();
        Instant startedAt = begun.startedAt();
        long startNanos = begun.startNanos();
        Manifest.Position start = begun.start();
        boolean published = false;
        boolean storing = false;
        try {
            ctx.progress(span.at(0, 100), "backup " + id + ": bringing the audit trail in line with the catalog");
            String reconciled = reconcile.beforeBackup();
            ctx.ensureHeld();
            Path partial = files.createPartial(id);
            long[] lastReport = {0};
            Dumper.DumpResult dump = dumper.dump(partial, (collection, docs, expected, total) -> {
                ctx.ensureHeld();
                long now = System.nanoTime();
                if (now - lastReport[0] > 500_000_000L) {
                    lastReport[0] = now;
                    ctx.progress(
                            span.at(total, expected), "backup " + id + ": " + collection + " " + docs + " documents");
                }
            });
            Manifest manifest = new Manifest(
                    Manifest.FORMAT_VERSION,
                    id,
                    Topics.CATALOG_DB,
                    dump.tool(),
                    dump.sortedById(),
                    startedAt,
                    clock.instant(),
                    start,
                    positions.now(),
                    dump.collections(),
                    dump.files(),
                    reconcile.trailHead());
            ManifestIO.write(partial, manifest);
            ctx.ensureHeld();
            files.publish(id);
            published = true;
            ctx.progress(span.at(95, 100), "backup " + id + ": verifying");
            Verifier.Report report = verifier.verify(files.dir(id), id, checksums(manifest));
            records.verified(id, report.ok(), report.problems());
            if (!report.ok()) {
                throw new IllegalStateException("backup " + id + " failed its own verification: " + report.problems());
            }
            if (!"local".equals(storage.kind())) {
                ctx.progress(span.at(97, 100), "backup " + id + ": uploading to " + storage.describe(id));
            }
            storing = true;
            storage.store(id, ctx::ensureHeld);
            if (!records.completed(id, ctx.fence(), manifest, startedAt)) {
                throw new LeaseLostException(ctx.operationId());
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("backupId", id);
            result.put("documents", report.documents());
            result.put("compressedBytes", manifest.compressedBytes());
            result.put("storage", storage.describe(id));
            result.put("reconcile", reconciled);
            metrics.completed(
                    type, System.nanoTime() - startNanos, manifest.compressedBytes(), manifest.uncompressedBytes());
            return result;
        } catch (Exception | Error e) {
            metrics.failed(type, System.nanoTime() - startNanos);
            records.failed(id, ctx.fence(), e.getMessage() == null ? e.toString() : e.getMessage());
            files.deletePartial(id);
            if (published) {
                files.delete(id);
            }
            if (storing) {
                try {
                    storage.delete(id);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    static Map<String, String> checksums(Manifest manifest) {
        Map<String, String> sums = new LinkedHashMap<>();
        manifest.files().forEach(f -> sums.put(f.path(), f.sha256()));
        return sums;
    }
}
