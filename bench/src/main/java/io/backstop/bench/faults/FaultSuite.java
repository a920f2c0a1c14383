package io.backstop.bench.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.backstop.stack.EmbeddedStack;
import io.backstop.stack.StackConfig;

/**
 * The fault scenarios of issue 7 against a running embedded stack: each reports the changes written, captured
 * and materialized, what the user saw, and whether (and how fast) the system recovered without help. The stack
 * is damaged on purpose (the broker and services are killed), so give it a stack of its own.
 */
public final class FaultSuite implements AutoCloseable {

    /** Engines added before the backup-service scenarios, so a backup or restore lasts long enough to be hit. */
    public static final int VOLUME = Integer.getInteger("bench.faults.volume", 40_000);
    /** Documents a script changes after the backup, for the killed restore to be undoing. */
    public static final int RESTORE_CHANGES = Integer.getInteger("bench.faults.restore-changes", 3_000);

    private final EmbeddedStack stack;
    private final Tmpfs tmpfs;
    private final String noTmpfs;
    private final MongoClient mongo;
    private final PipelineFaults pipeline;
    private final BackupFaults backup;
    private boolean volumeAdded;

    private FaultSuite(EmbeddedStack stack, Tmpfs tmpfs, String noTmpfs) {
        this.stack = stack;
        this.tmpfs = tmpfs;
        this.noTmpfs = noTmpfs;
        this.mongo = MongoClients.create(stack.mongoConnectionString());
        this.pipeline = new PipelineFaults(stack, mongo);
        this.backup = new BackupFaults(stack, mongo);
    }

    /**
     * Starts a stack of its own (with the demo catalog) in {@code dataDir}; as root, first mounts a 2 MB tmpfs
     * over its backup directory for {@link #fullBackupDisk()}, which must then run before any other backup.
     * {@link #close()} stops the stack and unmounts.
     */
    public static FaultSuite start(Path home, Path dataDir) throws java.io.IOException {
        return start(home, dataDir, StackConfig.DEFAULT_CAPTURE_MODE);
    }

    /** The same, capturing in {@code captureMode} ({@code debezium} or {@code outbox}). */
    public static FaultSuite start(Path home, Path dataDir, String captureMode) throws java.io.IOException {
        Files.createDirectories(dataDir.resolve("backups"));
        List<String> why = new ArrayList<>();
        Tmpfs tmpfs = Tmpfs.mount(dataDir.resolve("backups"), "2m", why);
        try {
            StackConfig config = StackConfig.forTests(home, dataDir, true).withCaptureMode(captureMode);
            return new FaultSuite(EmbeddedStack.start(config), tmpfs, why.isEmpty() ? null : why.get(0));
        } catch (RuntimeException e) {
            if (tmpfs != null) {
                tmpfs.close();
            }
            throw e;
        }
    }

    public ScenarioResult kafkaRestart() {
        return pipeline.kafkaRestart();
    }

    public ScenarioResult auditServiceKilled() {
        return pipeline.auditKill();
    }

    public ScenarioResult catalogServiceKilled() {
        return pipeline.catalogKill();
    }

    /** With the volume, so the one operation outlasts the burst of requests and "exactly one" can be judged. */
    public ScenarioResult concurrentRequests() {
        volume();
        return backup.crowd(50);
    }

    public ScenarioResult corruptedBackup() {
        return backup.corrupted();
    }

    public ScenarioResult backupServiceKilledMidBackup() {
        volume();
        return backup.killMidBackup();
    }

    public ScenarioResult backupServiceKilledMidRestore() {
        volume();
        return backup.killMidRestore(RESTORE_CHANGES);
    }

    /**
     * (f) Needs the tmpfs {@link #start} mounts as root; reported skipped (never passed) without it. Leaves the tmpfs
     * grown to 512 MB for the scenarios after it.
     */
    public ScenarioResult fullBackupDisk() {
        if (tmpfs == null) {
            return ScenarioResult.skipped(DiskFull.NAME, noTmpfs);
        }
        return DiskFull.run(stack, mongo, tmpfs, "512m");
    }

    /** Every scenario on one stack of their own: {@code bench/run.sh faults}. */
    public static List<ScenarioResult> runAll(Path home, Path workDir) throws Exception {
        List<ScenarioResult> results = new ArrayList<>();
        Path data = Files.createTempDirectory(Files.createDirectories(workDir), "faults-");
        try (FaultSuite suite = start(home, data)) {
            results.add(suite.fullBackupDisk());
            results.add(suite.kafkaRestart());
            results.add(suite.auditServiceKilled());
            results.add(suite.catalogServiceKilled());
            results.add(suite.corruptedBackup());
            results.add(suite.concurrentRequests());
            results.add(suite.backupServiceKilledMidBackup());
            results.add(suite.backupServiceKilledMidRestore());
        }
        return results;
    }

    /** Tops the catalog's engines up to {@link #VOLUME} (the full-disk scenario has usually added most). */
    private synchronized void volume() {
        if (!volumeAdded) {
            backup.addVolumeUpTo(VOLUME);
            volumeAdded = true;
        }
    }

    @Override
    public void close() {
        try {
            mongo.close();
            stack.close();
        } finally {
            if (tmpfs != null) {
                tmpfs.close();
            }
        }
    }
}
