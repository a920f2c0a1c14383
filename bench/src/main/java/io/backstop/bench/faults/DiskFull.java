package io.backstop.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;

import tools.jackson.databind.JsonNode;

import io.backstop.stack.EmbeddedStack;

/**
 * (f) A full backup disk, for real: a 2 MB tmpfs mounted over the stack's backup directory before the stack
 * started ({@link FaultSuite#start}), the catalog filled until a backup no longer fits, then the volume grown as an
 * operator would.
 */
final class DiskFull {

    static final String NAME = "full backup disk (2 MB tmpfs)";
    private static final int STEP = 15_000;
    private static final int MAX_STEPS = 6;

    private DiskFull() {}

    /**
     * On a stack whose backup directory is the (2 MB) {@code tmpfs}: fills the catalog until a backup no longer
     * fits, checks the failure is clean, then grows the tmpfs to {@code roomyAfterwards} and backs up again.
     */
    static ScenarioResult run(EmbeddedStack stack, MongoClient mongo, Tmpfs tmpfs, String roomyAfterwards) {
        Checks c = new Checks(NAME);
        Path backupsDir = stack.config().dataDir().resolve("backups");
        try {
            Backups backups = new Backups(stack.gatewayUrl());
            BackupFaults faults = new BackupFaults(stack, mongo);
            c.check(
                    backups.await(backups.start("fault: fits"), Duration.ofMinutes(2))
                            .get("status")
                            .asString()
                            .equals("completed"),
                    "a backup of the catalog as it is fits");
            String failed = null;
            JsonNode record = null;
            int engines = 0;
            for (int step = 0; step < MAX_STEPS && failed == null; step++) {
                Bulk.engines(mongo, STEP, 1_000_000 + engines);
                engines += STEP;
                String id = backups.start("fault: " + engines + " more engines");
                record = backups.await(id, Duration.ofMinutes(5));
                if (record.get("status").asString().equals("failed")) {
                    failed = id;
                }
            }
            if (!c.check(failed != null, "a backup failed once " + engines + " engines had been added")) {
                return c.result();
            }
            String error = record.path("error").asString("");
            c.saw("backup failed", error);
            c.check(error.toLowerCase(Locale.ROOT).contains("space"), "its error says the disk is full: " + error);
            c.check(!BackupFaults.hasFiles(backupsDir, failed), "partial files of " + failed + " removed");
            Double released = Waits.until(
                    Duration.ofSeconds(60),
                    () -> backups.lockFree() && faults.runningOperations() == 0 && faults.runningBackups() == 0);
            c.check(released != null, "lock released, nothing left running");
            tmpfs.resize(roomyAfterwards);
            long t0 = System.nanoTime();
            JsonNode again = backups.await(backups.start("fault: after the disk was grown"), Duration.ofMinutes(5));
            boolean ok = again.get("status").asString().equals("completed");
            c.recovered(
                    ok ? (System.nanoTime() - t0) / 1e9 : null,
                    300,
                    "a backup of the same catalog completed once the volume had room (no restart)");
        } catch (Exception e) {
            c.failedWith(e);
        }
        return c.result();
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.noneMatch(Files::isRegularFile);
        } catch (IOException e) {
            return false;
        }
    }
}
