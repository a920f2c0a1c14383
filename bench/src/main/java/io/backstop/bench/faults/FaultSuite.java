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

    private final MongoClient mongo;
    private final PipelineFaults pipeline;
    private final BackupFaults backup;
    private boolean volumeAdded;

    public FaultSuite(EmbeddedStack stack) {
        this.mongo = MongoClients.create(stack.mongoConnectionString());
        this.pipeline = new PipelineFaults(stack, mongo);
        this.backup = new BackupFaults(stack, mongo);
    }

    public ScenarioResult kafkaRestart() {
        return pipeline.kafkaRestart();
    }

    public ScenarioResult auditServiceKilled() {
        return pipeline.auditKill();
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

    /** Needs root to mount its tmpfs, and starts a stack of its own over it; skipped (never passed) otherwise. */
    public static ScenarioResult fullBackupDisk(Path home, Path workDir) {
        return DiskFull.run(home, workDir);
    }

    /** Every scenario, on a stack of their own (and a second one for the full disk): {@code bench/run.sh faults}. */
    public static List<ScenarioResult> runAll(Path home, Path workDir) throws Exception {
        List<ScenarioResult> results = new ArrayList<>();
        Path data = Files.createTempDirectory(Files.createDirectories(workDir), "faults-");
        try (EmbeddedStack stack = EmbeddedStack.start(StackConfig.forTests(home, data, true));
             FaultSuite suite = new FaultSuite(stack)) {
            results.add(suite.kafkaRestart());
            results.add(suite.auditServiceKilled());
            results.add(suite.corruptedBackup());
            results.add(suite.concurrentRequests());
            results.add(suite.backupServiceKilledMidBackup());
            results.add(suite.backupServiceKilledMidRestore());
        }
        results.add(fullBackupDisk(home, workDir));
        return results;
    }

    private synchronized void volume() {
        if (!volumeAdded) {
            backup.addVolume(VOLUME);
            volumeAdded = true;
        }
    }

    @Override
    public void close() {
        mongo.close();
    }
}
