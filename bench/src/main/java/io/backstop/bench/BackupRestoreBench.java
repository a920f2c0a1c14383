package io.backstop.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.RawBsonDocument;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Updates;

import io.backstop.contracts.ProgressEvent;
import io.backstop.contracts.Topics;
import io.backstop.stack.EmbeddedStack;
import io.backstop.stack.GatewayClient;

/**
 * Backup and restore throughput against raw driver operations on the same data in the same run, and the
 * backup-service heap at two database sizes. See bench/README.md for what each figure means.
 */
final class BackupRestoreBench {

    private static final String NAME_BACKUP = "backup";
    private static final String NAME_RESTORE = "restore";
    private static final String NAME_MEMORY = "backup memory";
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(60);
    private static final Duration QUIET = Duration.ofSeconds(60);

    private final Report report;
    private final EmbeddedStack stack;
    private final GatewayClient admin;

    BackupRestoreBench(Report report, EmbeddedStack stack) {
        this.report = report;
        this.stack = stack;
        this.admin = GatewayClient.as(stack.gatewayUrl(), "admin", "admin");
    }

    void run(int smallDocs, int largeDocs) throws Exception {
        try (MongoClient client = MongoClients.create(stack.mongoConnectionString());
                ProgressWatcher progress = new ProgressWatcher(stack.kafkaBootstrapServers())) {
            MongoDatabase catalog = client.getDatabase(Topics.CATALOG_DB);
            MongoCollection<Document> engines = catalog.getCollection("engines");
            log("filling " + smallDocs + " engines");
            CatalogData.fill(engines, smallDocs, 42);

            // backup-service has been idle since it started: a first backup lets its JIT compile the dump path,
            // as the benchmark JVM's own scan code is compiled by the time it is measured (not judged)
            Dump warmUp = backup(progress, "bench warm-up");
            scan(catalog);
            // scans and dumps take turns, and each figure is the median of its rounds: a single dump or scan of
            // about a second moved by a third between runs on this machine
            List<Scan> scans = new ArrayList<>();
            List<Dump> dumps = new ArrayList<>();
            for (int round = 1; round <= Bench.ROUNDS; round++) {
                scans.add(scan(catalog));
                dumps.add(backup(progress, "bench " + smallDocs + ", round " + round));
            }
            Scan scan = Bench.median(scans, Scan::docsPerSecond);
            Dump small = Bench.median(dumps, Dump::docsPerSecond);
            Map<String, Object> smallDetails = new LinkedHashMap<>(small.details());
            smallDetails.put("warmUpSeconds (not judged)", warmUp.seconds());
            smallDetails.put(
                    "docs/s of every round (the figure is their median)",
                    dumps.stream().map(d -> Math.round(d.docsPerSecond())).toList());
            smallDetails.put(
                    "docs/s of every raw scan (the limit is their median)",
                    scans.stream().map(r -> Math.round(r.docsPerSecond())).toList());
            smallDetails.put("cpuSeconds of the raw scan", scan.cpuSeconds());
            report.add(Measurement.againstLimit(
                    NAME_BACKUP,
                    "dump documents/s, gzip (" + small.docs + " docs)",
                    small.docsPerSecond(),
                    "docs/s",
                    "raw cursor scan",
                    scan.docsPerSecond(),
                    0.8,
                    smallDetails));
            report.add(Measurement.againstLimit(
                    NAME_BACKUP,
                    "dump MB/s of BSON, gzip",
                    small.mbPerSecond(),
                    "MB/s",
                    "raw cursor scan",
                    scan.mbPerSecond(),
                    0.8,
                    Map.of("compressedBytes", small.compressedBytes)));

            restores(progress, client, engines, small.id, smallDocs);

            log("growing to " + largeDocs + " engines");
            CatalogData.fill(engines, largeDocs - (int) engines.countDocuments(), 43);
            Dump large = backup(progress, "bench " + largeDocs);
            GcLog.Peak smallPeak = GcLog.peak(stack.gcLog("backup-service"), small.start, small.end);
            GcLog.Peak largePeak = GcLog.peak(stack.gcLog("backup-service"), large.start, large.end);
            report.add(Measurement.figure(
                    NAME_BACKUP,
                    "dump documents/s, gzip (" + large.docs + " docs)",
                    large.docsPerSecond(),
                    "docs/s",
                    large.details()));
            report.add(Measurement.atMost(
                    NAME_MEMORY,
                    "peak heap dumping " + large.docs + " docs",
                    largePeak.peakMb(),
                    "MB",
                    "peak heap dumping " + small.docs + " docs",
                    smallPeak.peakMb(),
                    1.2,
                    Map.of("collectionsSmall", smallPeak.collections(), "collectionsLarge", largePeak.collections())));
        }
    }

    /** Full restore into an empty catalog, then a differential one after changing 1% of the documents. */
    private void restores(
            ProgressWatcher progress, MongoClient client, MongoCollection<Document> engines, String backupId, int docs)
            throws Exception {
        double quietBeforeRaw = StackCpu.awaitQuiet(stack, QUIET);
        StackCpu rawCpu = StackCpu.start(stack);
        double rawInsertSeconds =
                rawInsertMany(engines, client.getDatabase("benchraw").getCollection("engines"));
        Map<String, Double> rawCpuSeconds = rawCpu.seconds();
        engines.deleteMany(new Document());
        double quietBeforeRestore = StackCpu.awaitQuiet(stack, QUIET);
        log("restoring " + docs + " engines into an empty catalog");
        Timed full = restore(progress, backupId);
        long restored = engines.countDocuments();
        report.add(Measurement.againstLimit(
                NAME_RESTORE,
                "full restore into an empty catalog, documents/s",
                docs / full.seconds,
                "docs/s",
                "raw unordered insertMany",
                docs / rawInsertSeconds,
                0.7,
                Map.of(
                        "documents",
                        docs,
                        "restored",
                        restored,
                        "seconds",
                        full.seconds,
                        "events",
                        full.phases,
                        "cpuSeconds",
                        full.cpuSeconds,
                        "cpuSeconds of the raw insertMany (its reads included)",
                        rawCpuSeconds,
                        "seconds waited for a quiet stack before each side",
                        List.of(quietBeforeRaw, quietBeforeRestore))));

        long changed = engines.updateMany(Filters.mod("position", 100, 0), Updates.inc("powerHp", 1))
                .getModifiedCount();
        log("differential restore after changing " + changed + " engines");
        Timed diff = restore(progress, backupId);
        report.add(Measurement.atMost(
                NAME_RESTORE,
                "differential restore (1% changed), seconds",
                diff.seconds,
                "s",
                "full restore",
                full.seconds,
                0.1,
                Map.of("changedDocuments", changed, "events", diff.phases, "cpuSeconds", diff.cpuSeconds)));
    }

    private double rawInsertMany(MongoCollection<Document> source, MongoCollection<Document> target) {
        target.drop();
        long nanos = 0;
        List<Document> batch = new ArrayList<>(1000);
        try (var cursor = source.find().batchSize(1000).iterator()) {
            while (cursor.hasNext()) {
                batch.add(cursor.next());
                if (batch.size() == 1000 || !cursor.hasNext()) {
                    long t0 = System.nanoTime();
                    target.insertMany(batch, new InsertManyOptions().ordered(false));
                    nanos += System.nanoTime() - t0;
                    batch.clear();
                }
            }
        }
        target.drop();
        return nanos / 1e9;
    }

    private Scan scan(MongoDatabase catalog) {
        StackCpu cpu = StackCpu.start(stack);
        long docs = 0;
        long bytes = 0;
        long t0 = System.nanoTime();
        for (String collection : Topics.CATALOG_COLLECTIONS) {
            try (var cursor = catalog.getCollection(collection, RawBsonDocument.class)
                    .find()
                    .batchSize(1000)
                    .iterator()) {
                while (cursor.hasNext()) {
                    bytes += cursor.next().getByteBuffer().remaining();
                    docs++;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Scan(docs, bytes, seconds, cpu.seconds());
    }

    private Dump backup(ProgressWatcher progress, String description) throws Exception {
        StackCpu cpu = StackCpu.start(stack);
        int mark = progress.mark();
        GatewayClient.Response created = admin.post("/api/backups", Map.of("description", description));
        if (created.status() != 202) {
            throw new IllegalStateException("backup not accepted: " + created);
        }
        String id = created.json().get("id").asString();
        String operation = progress.awaitStart("backup", mark, Duration.ofSeconds(60));
        List<ProgressEvent> events = progress.awaitEnd(operation, OPERATION_TIMEOUT);
        requireCompleted(events);
        Instant start = events.get(0).at();
        // the dump ends where verification begins: re-reading the files is measured separately by verify
        Instant end = events.stream()
                .filter(e -> e.message() != null && e.message().contains("verifying"))
                .map(ProgressEvent::at)
                .findFirst()
                .orElse(events.get(events.size() - 1).at());
        var record = admin.get("/api/backups/" + id).json();
        long docs = 0;
        for (var count : record.get("counts")) {
            docs += count.asLong();
        }
        return new Dump(
                id,
                docs,
                record.get("uncompressedBytes").asLong(),
                record.get("compressedBytes").asLong(),
                start,
                end,
                phases(events),
                cpu.seconds());
    }

    private Timed restore(ProgressWatcher progress, String backupId) throws Exception {
        StackCpu cpu = StackCpu.start(stack);
        int mark = progress.mark();
        GatewayClient.Response accepted =
                admin.post("/api/backups/" + backupId + "/restore", Map.of("confirm", backupId, "reason", "benchmark"));
        if (accepted.status() / 100 != 2) {
            throw new IllegalStateException("restore not accepted: " + accepted);
        }
        String operation = progress.awaitStart("restore", mark, Duration.ofSeconds(60));
        List<ProgressEvent> events = progress.awaitEnd(operation, OPERATION_TIMEOUT);
        requireCompleted(events);
        double seconds = Duration.between(
                                events.get(0).at(),
                                events.get(events.size() - 1).at())
                        .toMillis()
                / 1000.0;
        return new Timed(seconds, phases(events), cpu.seconds());
    }

    private static List<String> phases(List<ProgressEvent> events) {
        return events.stream()
                .map(e -> e.at() + " " + e.percent() + "% " + e.message())
                .toList();
    }

    private static void requireCompleted(List<ProgressEvent> events) {
        ProgressEvent last = events.get(events.size() - 1);
        if (!ProgressEvent.COMPLETED.equals(last.phase())) {
            throw new IllegalStateException("operation failed: " + last.error());
        }
    }

    private static void log(String message) {
        System.out.println("[bench] " + message);
    }

    private record Scan(long docs, long bytes, double seconds, Map<String, Double> cpuSeconds) {
        double docsPerSecond() {
            return docs / seconds;
        }

        double mbPerSecond() {
            return bytes / 1e6 / seconds;
        }
    }

    private record Dump(
            String id,
            long docs,
            long uncompressedBytes,
            long compressedBytes,
            Instant start,
            Instant end,
            List<String> phases,
            Map<String, Double> cpuSeconds) {
        double seconds() {
            return Math.max(0.001, Duration.between(start, end).toMillis() / 1000.0);
        }

        double docsPerSecond() {
            return docs / seconds();
        }

        double mbPerSecond() {
            return uncompressedBytes / 1e6 / seconds();
        }

        Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("backupId", id);
            d.put("documents", docs);
            d.put("seconds", seconds());
            d.put("uncompressedBytes", uncompressedBytes);
            d.put("compressedBytes", compressedBytes);
            d.put("events", phases);
            d.put("cpuSeconds (the whole operation, its verification included)", cpuSeconds);
            return d;
        }
    }

    private record Timed(double seconds, List<String> phases, Map<String, Double> cpuSeconds) {}
}
