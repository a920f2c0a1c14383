package io.backstop.backup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.backstop.backup.dump.Manifest;
import io.backstop.backup.dump.ManifestIO;

/** Every backup asks audit-service to reconcile the trail before it dumps, and is never held up by it. */
class ReconcileBeforeBackupIT extends BackupServiceIT {

    @AfterEach
    void answerAgain() {
        AUDIT.reconcile = AuditStub.Reconcile.ANSWERS;
        AUDIT.dumpStarted = () -> false;
    }

    @Test
    void aBackupReconcilesTheTrailBeforeItDumps() throws Exception {
        int before = AUDIT.reconcileCallsAfterDumpStarted.size();
        gate.close();
        AUDIT.dumpStarted = () -> gate.entered();
        Response started = post("/api/backups", Map.of("description", "reconciled"));
        assertThat(started.status()).isEqualTo(202);
        String id = json(started).get("id").asString();
        assertThat(gate.awaitEntered()).isTrue();
        assertThat(AUDIT.reconcileCallsAfterDumpStarted.subList(before, AUDIT.reconcileCallsAfterDumpStarted.size()))
                .as("one reconcile, asked for before the dump started")
                .containsExactly(false);
        assertThat(AUDIT.authorizations.get(AUDIT.authorizations.size() - 1)).startsWith("Bearer ");
        gate.open();
        awaitBackup(id, "completed");
        assertThat(awaitOperation(id).get("outcome").get("reconcile").asString())
                .startsWith("1 change(s) made outside the API recorded");
    }

    @Test
    void aBackupAnchorsTheTrailsChainHeadInItsManifest() throws Exception {
        String id = backupAndWait();

        Manifest.TrailHead head = ManifestIO.read(ROOT.resolve(id)).auditChainHead();
        assertThat(head)
                .isEqualTo(new Manifest.TrailHead(AuditStub.HEAD_SEQ, AuditStub.HEAD_ENTRY, AuditStub.HEAD_HASH));
    }

    @Test
    void aFailingReconcileDoesNotStopTheBackup() throws Exception {
        AUDIT.reconcile = AuditStub.Reconcile.FAILS;
        String id = backupAndWait();
        JsonNode details = awaitOperation(id).get("outcome");
        assertThat(details.get("reconcile").asString())
                .startsWith("failed, backed up anyway")
                .contains("503");
    }

    @Test
    void aHangingReconcileHoldsTheBackupOnlyForTheTimeout() throws Exception {
        AUDIT.reconcile = AuditStub.Reconcile.HANGS;
        long t0 = System.nanoTime();
        String id = backupAndWait();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(awaitOperation(id).get("outcome").get("reconcile").asString())
                .startsWith("failed, backed up anyway");
    }
}
