package io.backstop.backup.restore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.Manifest;
import io.backstop.backup.lock.LeaseLostException;
import io.backstop.backup.lock.OperationContext;
import io.backstop.contracts.Topics;
import io.backstop.outbox.Attribution;
import io.backstop.outbox.OutboxFields;
import io.backstop.outbox.OutboxStore;

/**
 * The restore phase both restore and point-in-time restore share: with the write freeze held, make every catalog
 * collection equal to its desired state, then recreate indexes from the backup's metadata.
 */
public final class CatalogApplier {

    private static final Logger log = LoggerFactory.getLogger(CatalogApplier.class);

    private final DifferentialRestore differential;
    private final IndexRestorer indexes;
    private final WriteFreezeControl freeze;
    private final OutboxStore outbox;
    private final BackupFiles files;

    public CatalogApplier(
            DifferentialRestore differential,
            IndexRestorer indexes,
            WriteFreezeControl freeze,
            OutboxStore outbox,
            BackupFiles files) {
        this.differential = differential;
        this.indexes = indexes;
        this.freeze = freeze;
        this.outbox = outbox;
        this.files = files;
    }

    /** Sets the freeze, renewed with every heartbeat, then lets writes already past their freeze check finish. */
    public void freeze(OperationContext ctx) throws InterruptedException {
        freeze.set(ctx);
        ctx.onHeartbeat(c -> {
            if (!freeze.renew(c)) {
                log.error("The write freeze of {} is gone", c.operationId());
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (outbox.count(OutboxFields.PENDING) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    public void unfreeze(OperationContext ctx) {
        freeze.lift(ctx);
    }

    /** The documents created, updated or deleted in total, from what {@link #apply} returned. */
    public static long changed(Map<String, Object> collections) {
        long changed = 0;
        for (Object perCollection : collections.values()) {
            Map<?, ?> counts = (Map<?, ?>) perCollection;
            for (String key : List.of("created", "updated", "deleted")) {
                changed += ((Number) counts.get(key)).longValue();
            }
        }
        return changed;
    }

    /**
     * @param desired per collection, the desired documents (closed by the caller's factory contract: the iterator
     *                is closed here if it is {@link AutoCloseable})
     * @param by      null for a dry run
     */
    public Map<String, Object> apply(
            OperationContext ctx,
            Manifest manifest,
            Path backupDir,
            Function<String, Iterator<Document>> desired,
            boolean sorted,
            Attribution by,
            int fromPercent,
            int toPercent)
            throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        List<String> collections = Topics.CATALOG_COLLECTIONS;
        long total = Math.max(
                1,
                manifest.collections().stream()
                        .mapToLong(Manifest.CollectionEntry::documents)
                        .sum());
        long[] doneBefore = {0};
        for (String collection : collections) {
            Iterator<Document> source = desired.apply(collection);
            DifferentialRestore.Counts counts;
            try {
                long base = doneBefore[0];
                counts = differential.run(collection, source, sorted, by, processed -> {
                    ctx.ensureHeld();
                    if (by != null && !freeze.held(ctx)) {
                        throw new LeaseLostException(ctx.operationId());
                    }
                    if (processed % 200 == 0) {
                        ctx.progress(
                                fromPercent
                                        + (int) ((toPercent - fromPercent)
                                                * Math.min(1.0, (double) (base + processed) / total)),
                                "restoring " + collection);
                    }
                });
            } finally {
                if (source instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            }
            Manifest.CollectionEntry entry = manifest.collection(collection);
            doneBefore[0] += entry == null ? 0 : entry.documents();
            Map<String, Object> perCollection = new LinkedHashMap<>();
            perCollection.put("created", counts.created());
            perCollection.put("updated", counts.updated());
            perCollection.put("deleted", counts.deleted());
            perCollection.put("unchanged", counts.unchanged());
            if (by != null && entry != null) {
                perCollection.put(
                        "indexesCreated", indexes.restore(collection, files.fileIn(backupDir, entry.metadataFile())));
            }
            result.put(collection, perCollection);
            ctx.progress(
                    fromPercent + (int) ((toPercent - fromPercent) * Math.min(1.0, (double) doneBefore[0] / total)),
                    "restored " + collection);
        }
        return result;
    }
}
