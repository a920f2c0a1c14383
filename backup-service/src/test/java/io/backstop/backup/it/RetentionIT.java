package io.backstop.backup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.lock.CriticalOps;
import io.backstop.backup.retention.RetentionPolicyStore;
import io.backstop.backup.retention.RetentionService;

/** Issue 13 point 6: the retention policy is stored, settable, and applied after every backup and once a day. */
class RetentionIT extends BackupServiceIT {

    @Autowired
    RetentionService retention;

    @Autowired
    CriticalOps ops;

    @AfterEach
    void backToTheConfiguredPolicy() {
        // the policy is stored in the backup database the other test classes share: leave it as configured
        backupDb().getCollection("settings").deleteMany(new Document());
    }

    private JsonNode setPolicy(Integer keepLast, Integer maxAgeDays) throws Exception {
        long version =
                json(get("/api/backups/retention", "viewer")).get("version").asLong();
        Map<String, Object> body = new HashMap<>();
        body.put("keepLast", keepLast);
        body.put("maxAgeDays", maxAgeDays);
        body.put("version", version);
        Response r = send("PUT", "/api/backups/retention", "admin", "admin", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    @Test
    void thePolicyStartsAsConfiguredAndIsStoredWithAVersion() throws Exception {
        var initial = json(get("/api/backups/retention", "viewer"));
        assertThat(initial.get("keepLast").asInt()).isEqualTo(1000);
        assertThat(initial.get("maxAgeDays").asInt()).isEqualTo(365);
        assertThat(initial.get("version").asLong()).isZero();

        var set = setPolicy(7, null);
        assertThat(set.get("version").asLong()).isEqualTo(1);
        assertThat(set.get("maxAgeDays").isNull()).isTrue();
        assertThat(set.get("changedBy").asString()).isEqualTo("admin");

        // a second admin who read version 0 does not overwrite it
        Response stale = send(
                "PUT", "/api/backups/retention", "bob", "admin", Map.of("keepLast", 3, "maxAgeDays", 10, "version", 0));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(json(stale).get("detail").asString()).contains("is at version 1, not 0");

        // what a restarted service reads: the stored policy, not the configured default
        var reread = new RetentionPolicyStore(backupDb(), new BackupProperties.Retention(30, null), Clock.systemUTC())
                .current();
        assertThat(reread.keepLast()).isEqualTo(7);
        assertThat(reread.version()).isEqualTo(1);
    }

    @Test
    void badPoliciesAreRefusedWith400AndChangeNothing() throws Exception {
        Response zeroKeep = send(
                "PUT",
                "/api/backups/retention",
                "admin",
                "admin",
                Map.of("keepLast", 0, "maxAgeDays", 10, "version", 0));
        assertThat(zeroKeep.status()).isEqualTo(400);
        assertThat(zeroKeep.body()).contains("keepLast");
        Response zeroAge = send(
                "PUT",
                "/api/backups/retention",
                "admin",
                "admin",
                Map.of("keepLast", 5, "maxAgeDays", 0, "version", 0));
        assertThat(zeroAge.status()).isEqualTo(400);
        assertThat(zeroAge.body()).contains("maxAgeDays");
        Response noVersion = send("PUT", "/api/backups/retention", "admin", "admin", Map.of("keepLast", 5));
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.body()).contains("version");
        Response notANumber =
                send("PUT", "/api/backups/retention", "admin", "admin", "{\"keepLast\": \"many\", \"version\": 0}");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(send("PUT", "/api/backups/retention", "viewer", "viewer", Map.of("keepLast", 5, "version", 0))
                        .status())
                .isEqualTo(403);
        assertThat(json(get("/api/backups/retention", "viewer")).get("version").asLong())
                .isZero();
    }

    @Test
    void everyCompletedBackupAppliesThePolicyKeepingPinnedOnesAndRecordsWhatItDeleted() throws Exception {
        String pinned = backupAndWait();
        post("/api/backups/" + pinned + "/pin", Map.of("pinned", true));
        String older = backupAndWait();
        String kept = backupAndWait();
        setPolicy(2, null);

        String newest = backupAndWait();

        assertThat(get("/api/backups/" + older, "viewer").status()).isEqualTo(404);
        assertThat(ROOT.resolve(older)).doesNotExist();
        assertThat(get("/api/backups/" + pinned, "viewer").status()).isEqualTo(200);
        assertThat(get("/api/backups/" + kept, "viewer").status()).isEqualTo(200);
        var operation = json(get("/api/operations/" + newest, "viewer"));
        assertThat(operation.get("status").asString()).isEqualTo("completed");
        assertThat(operation.get("outcome").get("backupId").asString()).isEqualTo(newest);
        List<String> deleted = new ArrayList<>();
        operation.get("outcome").get("deletedBackupIds").forEach(d -> deleted.add(d.asString()));
        assertThat(deleted).contains(older).doesNotContain(pinned, kept, newest);
        assertThat(operation.get("outcome").get("trigger").asString()).isEqualTo("after backup " + newest);

        var cleanups = json(get("/api/backups/cleanups", "viewer"));
        assertThat(cleanups.get("items").get(0).get("id").asString()).isEqualTo(newest);
        post("/api/backups/" + pinned + "/pin", Map.of("pinned", false));
    }

    @Test
    void theDailyRunIsACleanupOfItsOwnAndWaitsWhileAnotherOperationHoldsTheLock() throws Exception {
        String older = backupAndWait();
        backupAndWait();
        setPolicy(1, null);
        backupDb().getCollection("settings").deleteOne(new Document("_id", "retention-daily"));

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        ops.startAsync(
                "restore-held-by-test-" + System.nanoTime(),
                io.backstop.contracts.OperationKind.RESTORE,
                "admin",
                null,
                null,
                ctx -> {
                    holding.countDown();
                    release.await();
                    return Map.of();
                });
        holding.await();
        try {
            assertThat(retention.dailyIfDue())
                    .as("nothing runs while a restore holds the lock")
                    .isNull();
            assertThat(get("/api/backups/" + older, "viewer").status()).isEqualTo(200);
        } finally {
            release.countDown();
        }
        waitForFreeLock();

        String operationId = retention.dailyIfDue();
        assertThat(operationId).isNotNull();
        var operation = awaitOperation(operationId);
        assertThat(operation.get("kind").asString()).isEqualTo("cleanup");
        assertThat(operation.get("startedBy").asString()).isEqualTo(RetentionService.SYSTEM_USER);
        assertThat(operation.get("outcome").get("trigger").asString()).isEqualTo("daily");
        assertThat(operation.get("reason").asString()).isEqualTo("daily retention run");
        List<String> deleted = new ArrayList<>();
        operation.get("outcome").get("deletedBackupIds").forEach(d -> deleted.add(d.asString()));
        assertThat(deleted).contains(older);
        assertThat(get("/api/backups/" + older, "viewer").status()).isEqualTo(404);
        assertThat(json(get("/api/backups/cleanups", "viewer"))
                        .get("items")
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo(operationId);
        assertThat(retention.dailyIfDue()).as("once a day").isNull();
    }
}
