package io.backstop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.backstop.bench.faults.FaultSuite;
import io.backstop.bench.faults.ScenarioResult;

/**
 * Issue 7, fault injection (bench's {@link FaultSuite}), on the embedded default (Debezium capture): the broker
 * restarted and audit- or catalog-service killed while users write, backup-service killed mid-backup and mid-restore, 50 concurrent backup/restore requests, corrupted backups,
 * a full backup disk. Each: changes written = captured = materialized, and recovery without help within a bound.
 * The scenarios kill parts of the stack, so they get a stack of their own, not the shared one. Run by
 * {@code bench/run.sh faults} too, as a report.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {

    private static FaultSuite suite;

    /** As root, with a 2 MB tmpfs over the stack's backup directory for the full-disk scenario, which runs first. */
    @BeforeAll
    static void startOwnStack() throws IOException {
        Path home = Path.of(System.getProperty("backstop.home", ".."))
                .toAbsolutePath()
                .normalize();
        suite = FaultSuite.start(home, Files.createTempDirectory("backstop-faults-"));
    }

    @AfterAll
    static void stopOwnStack() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(0)
    void fullBackupDiskFailsCleanlyAndWorksOnceThereIsRoom() {
        ScenarioResult r = suite.fullBackupDisk();
        assumeTrue(r.outcome() != ScenarioResult.Outcome.SKIPPED, () -> String.join("; ", r.checks()));
        assertPassed(r);
    }

    @Test
    @Order(1)
    void brokerRestartMidStreamLosesNoChange() {
        assertRecoveredWithEqualCounts(suite.kafkaRestart());
    }

    @Test
    @Order(2)
    void auditServiceKilledMidStreamLosesAndDuplicatesNoChange() {
        assertRecoveredWithEqualCounts(suite.auditServiceKilled());
    }

    @Test
    @Order(2)
    void catalogServiceKilledMidStreamResumesCaptureWithNoGapAndNoDuplicate() {
        assertRecoveredWithEqualCounts(suite.catalogServiceKilled());
    }

    @Test
    @Order(4)
    void fiftyConcurrentBackupAndRestoreRequestsRunExactlyOne() {
        assertPassed(suite.concurrentRequests());
    }

    @Test
    @Order(3)
    void corruptedBackupsAreRefusedAtRestoreWithNoChange() {
        ScenarioResult r = suite.corruptedBackup();
        assertPassed(r);
        assertThat(r.written()).as("catalog changes from refused restores").isZero();
    }

    @Test
    @Order(5)
    void backupServiceKilledMidBackupEndsFailedAndTheNextBackupWorks() {
        assertPassed(suite.backupServiceKilledMidBackup());
    }

    @Test
    @Order(6)
    void backupServiceKilledMidRestoreLeavesEveryDocumentBeforeOrRestoredAndAudited() {
        assertRecoveredWithEqualCounts(suite.backupServiceKilledMidRestore());
    }

    static void assertRecoveredWithEqualCounts(ScenarioResult r) {
        assertPassed(r);
        assertThat(r.written()).as("changes written").isPositive();
        assertThat(r.captured()).as("captured").isEqualTo(r.written());
        assertThat(r.materialized()).as("materialized").isEqualTo(r.written());
    }

    static void assertPassed(ScenarioResult r) {
        assertThat(r.outcome())
                .as(
                        "%s:\n  %s\nthe user saw %s %s",
                        r.name(), String.join("\n  ", r.checks()), r.userSaw(), r.messages())
                .isEqualTo(ScenarioResult.Outcome.PASSED);
        assertThat(r.recoverySeconds()).as("%s recovered by itself", r.name()).isNotNull();
    }
}
