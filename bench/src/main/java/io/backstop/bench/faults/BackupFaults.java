package io.backstop.bench.faults;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import tools.jackson.databind.JsonNode;

import io.backstop.stack.EmbeddedStack;
import io.backstop.stack.GatewayClient;

/** Faults around backups and restores: a killed holder, a crowd of requests, damaged files. */
final class BackupFaults {

    /** A killed holder's lease goes stale after 30 s; the gateway re-checks a silent lock after 60 s. */
    static final int BOUND_SECONDS = 100;

    private static final Duration BOUND = Duration.ofSeconds(BOUND_SECONDS);

    private final EmbeddedStack stack;
    private final MongoClient mongo;
    private final Backups backups;
    private final Ledger ledger;
    private final Path root;

    BackupFaults(EmbeddedStack stack, MongoClient mongo) {
        this.stack = stack;
        this.mongo = mongo;
        this.backups = new Backups(stack.gatewayUrl());
        this.ledger = new Ledger(stack.kafkaBootstrapServers(), mongo);
        this.root = stack.config().dataDir().resolve("backups");
    }

    /** Makes backups and restores slow enough to be interrupted: engines (unaudited) up to {@code total}. */
    void addVolumeUpTo(int total) {
        long have = mongo.getDatabase("catalog").getCollection("engines").countDocuments();
        if (have < total) {
            Bulk.engines(mongo, (int) (total - have), (int) have);
        }
    }

    /** (c) backup-service killed while it dumps. */
    ScenarioResult killMidBackup() {
        Checks c = new Checks("backup-service killed (-9) mid-backup");
        try {
            String id = backups.start("fault: killed mid-backup");
            c.saw("202", null);
            // killed the moment it has written files, so "partial files removed" has something to remove. A backup
            // of the volume takes well under a second, less than asking the API first took: the record is read
            // after the kill instead, and one that is not completed then was running when its process died.
            Double writing = Waits.until(Duration.ofSeconds(60), Duration.ofMillis(5), () -> hasFiles(root, id));
            long killedAt = System.nanoTime();
            stack.killAndRestart("backup-service");
            c.check(
                    writing != null && !backups.status(id).equals("completed"),
                    "backup " + id + " was running, with partial files on disk, when backup-service was killed");
            Double lock = since(killedAt, backups::lockFree);
            c.check(lock != null, "the lock the users see released " + seconds(lock));
            Double failed = since(killedAt, () -> backups.status(id).equals("failed") && runningOperations() == 0);
            c.check(failed != null, "backup " + id + " marked failed, no operation left running " + seconds(failed));
            c.recovered(
                    lock == null || failed == null ? null : Math.max(lock, failed),
                    BOUND_SECONDS,
                    "backup marked failed, lock released, nothing left running");
            JsonNode record = backups.get(id);
            c.saw("backup " + record.get("status").asString(), text(record.get("error")));
            c.check(!hasFiles(root, id), "partial files of " + id + " removed");
            String next = backups.start("fault: the next backup after the kill");
            JsonNode done = backups.await(next, Duration.ofMinutes(5));
            c.check(done.get("status").asString().equals("completed"), "the next backup " + next + " completed");
        } catch (Exception e) {
            c.failedWith(e);
        }
        return c.result();
    }

    /**
     * (c) backup-service killed while a restore applies documents: the operation ends failed, the write freeze
     * lapses, every document is either as before the restore or as in the backup, and each document the restore
     * changed has its audit entry.
     */
    ScenarioResult killMidRestore(int documentsToChange) {
        Checks c = new Checks("backup-service killed (-9) mid-restore");
        try {
            String backupId = backups.completed("fault: restore source");
            CatalogState inBackup = CatalogState.take(mongo);
            // changes for the restore to undo: a script's edits (unaudited) and a few API creates
            var engines = mongo.getDatabase("catalog").getCollection("engines");
            List<String> toChange = new ArrayList<>();
            try (var cursor = engines.find(Filters.regex("name", "^bulk engine"))
                    .projection(new Document("_id", 1))
                    .limit(documentsToChange)
                    .iterator()) {
                cursor.forEachRemaining(d -> toChange.add(d.getString("_id")));
            }
            engines.updateMany(
                    Filters.in("_id", toChange),
                    Updates.combine(Updates.inc("powerHp", 1), Updates.set("_change.at", new Date())));
            GatewayClient editor = GatewayClient.as(stack.gatewayUrl(), "editor", "editor");
            for (int i = 0; i < 5; i++) {
                editor.post("/api/catalog/brands", Map.of("name", "fault restore brand " + i));
            }
            CatalogState before = CatalogState.take(mongo);
            GatewayClient.Response accepted = backups.admin()
                    .post(
                            "/api/backups/" + backupId + "/restore",
                            Map.of("confirm", backupId, "reason", "fault: killed mid-restore"));
            c.saw(Integer.toString(accepted.status()), null);
            if (!c.check(accepted.status() == 202, "restore accepted: " + accepted)) {
                return c.result();
            }
            String operationId = accepted.json().get("id").asString();
            Double applying = Waits.until(
                    Duration.ofMinutes(3),
                    () -> engines.countDocuments(Filters.eq("_change.metadata.operationId", operationId)) > 0);
            c.check(applying != null, "the restore was applying documents when backup-service was killed");
            long killedAt = System.nanoTime();
            stack.killAndRestart("backup-service");
            Double thawed = since(killedAt, () -> !freezeInEffect());
            c.check(thawed != null, "the write freeze lapsed " + seconds(thawed));
            Double lock = since(killedAt, backups::lockFree);
            c.check(lock != null, "the lock the users see released " + seconds(lock));
            Double failed = since(killedAt, () -> operationStatus(operationId).equals("failed"));
            c.check(failed != null, "restore " + operationId + " marked failed " + seconds(failed));
            c.recovered(
                    thawed == null || lock == null || failed == null ? null : Math.max(thawed, Math.max(lock, failed)),
                    BOUND_SECONDS,
                    "restore marked failed, write freeze gone, lock released");
            GatewayClient.Response write = editor.post("/api/catalog/brands", Map.of("name", "fault after restore"));
            c.saw("write after recovery " + write.status(), write.status() == 201 ? null : write.text());
            c.check(write.status() == 201, "a catalog write succeeds again: " + write.status());
            String after =
                    write.status() == 201 ? "brands/" + write.json().get("id").asString() : null;

            CatalogState now = CatalogState.take(mongo);
            List<String> inconsistent = new ArrayList<>();
            Set<String> changed = now.changedFrom(before);
            changed.remove(after);
            for (String key : changed) {
                if (!java.util.Objects.equals(now.get(key), inBackup.get(key))) {
                    inconsistent.add(key);
                }
            }
            c.check(
                    inconsistent.isEmpty(),
                    "every document equals its pre-restore or its backup state"
                            + (inconsistent.isEmpty()
                                    ? ""
                                    : "; not so: " + inconsistent.subList(0, Math.min(5, inconsistent.size()))));
            c.check(
                    !changed.isEmpty()
                            && changed.size() < before.changedFrom(inBackup).size(),
                    "the restore was interrupted part-way: " + changed.size() + " of "
                            + before.changedFrom(inBackup).size() + " differing documents restored");
            Waits.until(
                    Duration.ofSeconds(60),
                    () -> ledger.materialized(Filters.eq("metadata.operationId", operationId)) >= changed.size());
            c.counts(
                    changed.size(),
                    ledger.captured(e -> operationId.equals(operationOf(e))),
                    ledger.materialized(Filters.eq("metadata.operationId", operationId)));
        } catch (Exception e) {
            c.failedWith(e);
        }
        return c.result();
    }

    /** (d) 50 backups and restores requested at the same moment. */
    ScenarioResult crowd(int requests) {
        Checks c = new Checks(requests + " concurrent backup/restore requests");
        try {
            String backupId = backups.completed("fault: crowd restore source");
            Waits.until(BOUND, backups::lockFree);
            ExecutorService pool = Executors.newFixedThreadPool(requests);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<GatewayClient.Response>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                boolean restore = i % 2 == 1;
                answers.add(pool.submit(() -> {
                    go.await();
                    return restore
                            ? backups.admin()
                                    .post(
                                            "/api/backups/" + backupId + "/restore",
                                            Map.of("confirm", backupId, "reason", "fault: crowd"))
                            : backups.admin().post("/api/backups", Map.of("description", "fault: crowd"));
                }));
            }
            Instant t0 = Instant.now();
            go.countDown();
            int accepted = 0;
            int refusedWithMessage = 0;
            List<String> refusals = new ArrayList<>();
            for (Future<GatewayClient.Response> f : answers) {
                GatewayClient.Response r = f.get();
                c.saw(Integer.toString(r.status()), r.status() == 202 ? null : r.text());
                if (r.status() == 202) {
                    accepted++;
                } else if ((r.status() == 409 || r.status() == 423)
                        && r.contentType().startsWith("application/problem+json")
                        && !r.json().path("detail").asString("").isBlank()) {
                    refusedWithMessage++;
                    refusals.add(r.json().path("detail").asString(""));
                }
            }
            Instant lastAnswer = Instant.now();
            pool.shutdown();
            Double t =
                    Waits.until(BOUND, () -> backups.lockFree() && runningOperations() == 0 && runningBackups() == 0);
            c.recovered(t, BOUND_SECONDS, "every accepted operation finished, lock free, nothing left running");
            List<Document> ran = new ArrayList<>();
            // the second of slack before t0 can hold the restore source's own backup (its id is its operation's),
            // which finishes that fast now: it is not one of the crowd's
            try (var cursor = operations()
                    .find(Filters.and(
                            Filters.gte("startedAt", Date.from(t0.minusSeconds(1))), Filters.ne("_id", backupId)))
                    .sort(new Document("startedAt", 1))
                    .iterator()) {
                cursor.forEachRemaining(ran::add);
            }
            c.check(
                    refusedWithMessage == requests - accepted,
                    "every other request refused with 409/423 and a message: " + refusedWithMessage + " of "
                            + (requests - accepted));
            c.check(
                    ran.size() == accepted,
                    accepted + " accepted, " + ran.size() + " operations ran: "
                            + ran.stream()
                                    .map(d -> d.getString("kind") + " " + d.getString("status"))
                                    .toList());
            List<String> ranIds = ran.stream().map(d -> d.getString("_id")).toList();
            List<String> unexplained = refusals.stream()
                    .filter(detail -> !detail.contains("just starting or finishing")
                            && ranIds.stream().noneMatch(detail::contains))
                    .toList();
            c.check(
                    unexplained.isEmpty(),
                    "every refusal names an operation of this crowd that was running (or one "
                            + "starting or finishing): " + (refusals.size() - unexplained.size()) + " of "
                            + refusals.size()
                            + (unexplained.isEmpty() ? "" : "; not: " + unexplained.get(0)));
            Date firstEnd = ran.isEmpty() ? null : ran.get(0).getDate("finishedAt");
            if (firstEnd != null && firstEnd.toInstant().isAfter(lastAnswer)) {
                c.check(
                        accepted == 1,
                        "every request was answered while the first operation ran: exactly one " + "accepted: "
                                + accepted);
            } else {
                // On a fast run the first operation can end inside the burst; a later request then rightly starts
                // the next one. What must hold either way is judged above and below: refusals name a running
                // operation, and no two operations overlap.
                c.check(
                        accepted >= 1 && accepted < requests,
                        "the first operation ended before the last answer, so " + accepted + " of " + requests
                                + " ran one after another and the rest were refused");
            }
            boolean overlap = false;
            for (int i = 1; i < ran.size(); i++) {
                Date prevEnd = ran.get(i - 1).getDate("finishedAt");
                overlap |= prevEnd == null || ran.get(i).getDate("startedAt").before(prevEnd);
            }
            c.check(!overlap, "no two operations ran at the same time");
        } catch (Exception e) {
            c.failedWith(e);
        }
        return c.result();
    }

    /** (e) A backup with a flipped byte, a truncated file or a deleted file is refused at restore, nothing changed. */
    ScenarioResult corrupted() {
        Checks c = new Checks("corrupted backup (flipped byte, truncated file, deleted file)");
        long written = 0;
        long captured = 0;
        long materialized = 0;
        Double slowest = 0.0;
        try {
            for (String damage : List.of("flipped byte", "truncated file", "deleted file")) {
                String id = backups.completed("fault: " + damage);
                Path file = largestDataFile(root.resolve(id));
                damage(file, damage);
                CatalogState before = CatalogState.take(mongo);
                long outboxBefore =
                        mongo.getDatabase("catalog").getCollection("outbox").countDocuments();
                GatewayClient.Response r = backups.admin()
                        .post("/api/backups/" + id + "/restore", Map.of("confirm", id, "reason", "fault: " + damage));
                c.saw(Integer.toString(r.status()), r.text());
                c.check(
                        r.status() >= 400 && r.status() < 500 && r.contentType().startsWith("application/problem+json"),
                        damage + " in " + root.relativize(file) + ": restore refused with " + r.status());
                Double free = Waits.until(Duration.ofSeconds(20), () -> backups.lockFree() && runningOperations() == 0);
                slowest = free == null || slowest == null ? null : Math.max(slowest, free);
                CatalogState after = CatalogState.take(mongo);
                long outboxAfter =
                        mongo.getDatabase("catalog").getCollection("outbox").countDocuments();
                written += after.changedFrom(before).size() + (outboxAfter - outboxBefore);
                c.check(
                        after.changedFrom(before).isEmpty() && outboxAfter == outboxBefore,
                        damage + ": no catalog document and no outbox entry changed");
                c.check(!freezeInEffect() && backups.lockFree(), damage + ": no write freeze, lock free");
                GatewayClient.Response verify = backups.admin().post("/api/backups/" + id + "/verify", Map.of());
                c.check(
                        verify.status() == 200
                                && "failed".equals(verify.json().path("status").asString(null)),
                        damage + ": verify reports it damaged: " + verify);
                captured += ledger.captured(e -> id.equals(backupOf(e)));
                materialized += ledger.materialized(Filters.eq("metadata.backupId", id));
            }
            c.recovered(slowest, 20, "after each refusal: lock free, no operation left running");
            c.counts(written, captured, materialized);
        } catch (Exception e) {
            c.failedWith(e);
        }
        return c.result();
    }

    /** Seconds from {@code t0} until the condition held, within the bound counted from {@code t0}; else null. */
    private static Double since(long t0, java.util.function.BooleanSupplier condition) {
        long left = BOUND.toNanos() - (System.nanoTime() - t0);
        Double t = Waits.until(Duration.ofNanos(Math.max(0, left)), condition);
        return t == null ? null : (System.nanoTime() - t0) / 1e9;
    }

    private static String seconds(Double t) {
        return t == null
                ? "- not within " + BOUND_SECONDS + " s of the kill"
                : String.format(java.util.Locale.ROOT, "%.1f s after the kill", t);
    }

    private static void damage(Path file, String how) throws IOException {
        switch (how) {
            case "flipped byte" -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    long at = f.length() / 2;
                    f.seek(at);
                    int b = f.read();
                    f.seek(at);
                    f.write(b ^ 0x01);
                }
            }
            case "truncated file" -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(f.length() / 2);
                }
            }
            default -> Files.delete(file);
        }
    }

    private static Path largestDataFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".bson.gz"))
                    .max((a, b) -> Long.compare(size(a), size(b)))
                    .orElseThrow(() -> new IllegalStateException("no .bson.gz in " + dir));
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Whether any file of backup {@code id} is on disk: in {@code <root>/<id>/} or, while it is written, in
     * {@code <root>/<id>.partial/} (backup-service's BackupFiles).
     */
    static boolean hasFiles(Path root, String id) {
        for (Path dir : List.of(root.resolve(id), root.resolve(id + ".partial"))) {
            if (Files.isDirectory(dir) && !isEmpty(dir)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.noneMatch(Files::isRegularFile);
        } catch (IOException e) {
            return false;
        }
    }

    private com.mongodb.client.MongoCollection<Document> operations() {
        return mongo.getDatabase("backup").getCollection("operations");
    }

    long runningOperations() {
        return operations().countDocuments(Filters.eq("status", "running"));
    }

    long runningBackups() {
        return mongo.getDatabase("backup")
                .getCollection("full_backups")
                .countDocuments(Filters.eq("status", "running"));
    }

    private String operationStatus(String operationId) {
        Document d = operations().find(Filters.eq("_id", operationId)).first();
        return d == null ? "missing" : d.getString("status");
    }

    /** The write freeze as catalog-service judges it: present and not yet expired. */
    boolean freezeInEffect() {
        Document d = mongo.getDatabase("catalog")
                .getCollection("maintenance")
                .find(Filters.eq("_id", "write-freeze"))
                .first();
        return d != null
                && d.getDate("expiresAt") != null
                && d.getDate("expiresAt").toInstant().isAfter(Instant.now());
    }

    private static String operationOf(JsonNode event) {
        JsonNode doc = Ledger.doc(event);
        return doc == null
                ? null
                : doc.path("_change").path("metadata").path("operationId").asString(null);
    }

    private static String backupOf(JsonNode event) {
        JsonNode doc = Ledger.doc(event);
        return doc == null
                ? null
                : doc.path("_change").path("metadata").path("backupId").asString(null);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asString();
    }
}
