package io.backstop.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.backstop.bench.faults.FaultSuite;

/**
 * The pipeline's faults with the outbox capture mode, which a standalone MongoDB uses (the embedded server then
 * runs standalone): the broker restarted, audit-service and catalog-service killed while users write. The
 * backup-service scenarios capture the same way in both modes and run once, in {@link FaultInjectionIT}.
 */
class OutboxPipelineFaultsIT {

    private static FaultSuite suite;

    @BeforeAll
    static void startOwnStack() throws IOException {
        Path home = Path.of(System.getProperty("backstop.home", ".."))
                .toAbsolutePath()
                .normalize();
        suite = FaultSuite.start(home, Files.createTempDirectory("backstop-outbox-faults-"), "outbox");
    }

    @AfterAll
    static void stopOwnStack() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void brokerRestartMidStreamLosesNoChange() {
        FaultInjectionIT.assertRecoveredWithEqualCounts(suite.kafkaRestart());
    }

    @Test
    void auditServiceKilledMidStreamLosesAndDuplicatesNoChange() {
        FaultInjectionIT.assertRecoveredWithEqualCounts(suite.auditServiceKilled());
    }

    @Test
    void catalogServiceKilledMidStreamLosesAndDuplicatesNoChange() {
        FaultInjectionIT.assertRecoveredWithEqualCounts(suite.catalogServiceKilled());
    }
}
