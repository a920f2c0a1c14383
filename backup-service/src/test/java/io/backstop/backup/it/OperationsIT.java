package io.backstop.backup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import tools.jackson.databind.JsonNode;

import io.backstop.backup.schedule.BackupScheduler;
import io.backstop.contracts.Actions;
import io.backstop.contracts.Topics;
import io.backstop.outbox.Attribution;
import io.backstop.outbox.CatalogDocuments;
import io.backstop.outbox.CatalogWriter;

/** Retention, schedules, compare, verify and point-in-time restore through the API. */
class OperationsIT extends BackupServiceIT {

    @Autowired
    BackupScheduler scheduler;

    CatalogWriter writer;

    @BeforeEach
    void seed() {
        writer = new CatalogWriter(catalog());
        for (String c : Topics.CATALOG_COLLECTIONS) {
            catalog().getCollection(c).drop();
        }
        Map<String, Document> brands = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            brands.put(CatalogWriter.newId(), new Document("name", "brand " + i).append("rank", i));
        }
        writer.createAll("brands", brands, Attribution.of(Actions.CREATE, "editor"));
    }

    @Test
    void verifyOnDemandReportsAnIntactBackup() throws Exception {
        String id = backupAndWait();
        var verify = json(post("/api/backups/" + id + "/verify", null));
        assertThat(verify.get("kind").asString()).isEqualTo("verify");
        assertThat(verify.get("status").asString()).isEqualTo("completed");
        assertThat(verify.get("outcome").get("backupId").asString()).isEqualTo(id);
        assertThat(verify.get("outcome").get("documents").asLong()).isEqualTo(10);
        assertThat(verify.get("outcome").get("problems")).isEmpty();
        assertThat(json(get("/api/operations/" + verify.get("id").asString(), "viewer"))
                        .get("startedBy")
                        .asString())
                .as("a verification is listed with the other operations")
                .isEqualTo("admin");
        var view = json(get("/api/backups/" + id, "viewer"));
        assertThat(view.get("lastVerification").get("ok").asBoolean()).isTrue();
        assertThat(view.get("counts").get("brands").asLong()).isEqualTo(10);
        assertThat(view.get("checksums").size()).isEqualTo(7);
        assertThat(view.get("compressedBytes").asLong()).isPositive();
        assertThat(view.get("uncompressedBytes").asLong()).isPositive();
        assertThat(view.get("durationMs").asLong()).isNotNegative();
        assertThat(view.get("positionAtStart").get("at").asString()).isNotBlank();
        assertThat(view.get("type").asString()).isEqualTo("manual");
    }

    @Test
    void pathIdsThatAreNotBackupIdsAreRefused() throws Exception {
        assertThat(get("/api/backups/..%2F..%2Fetc", "viewer").status()).isIn(400, 404);
        Response bad = get("/api/backups/bk-2026-x", "viewer");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("is not a backup id");
        assertThat(post("/api/backups/bk-20261126-103000-zz99/restore", Map.of("confirm", "bk-20261126-103000-zz99"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void anUnknownQueryParameterIsRefusedWithTheAcceptedOnes() throws Exception {
        Response list = get("/api/backups?state=failed", "viewer");
        assertThat(list.status()).isEqualTo(400);
        assertThat(json(list).get("detail").asString())
                .isEqualTo("Unknown query parameter 'state'; remove it (this endpoint accepts status, limit, cursor).");
        Response verify = post("/api/backups/bk-20261126-103000-zz99/verify?force=true", null);
        assertThat(verify.status()).isEqualTo(400);
        assertThat(json(verify).get("errors").get(0).get("field").asString()).isEqualTo("force");
    }

    @Test
    void compareWithLiveListsAddedRemovedAndChangedIdsWithFieldDiffs() throws Exception {
        String id = backupAndWait();
        Document changed = catalog()
                .getCollection("brands")
                .find()
                .sort(new Document("_id", 1))
                .first();
        writer.replace(
                "brands",
                changed.getString("_id"),
                CatalogDocuments.versionOf(changed),
                new Document("name", "renamed").append("rank", 0),
                Attribution.of(Actions.UPDATE, "editor"));
        Document removed = catalog()
                .getCollection("brands")
                .find()
                .sort(new Document("_id", -1))
                .first();
        writer.delete(
                "brands",
                removed.getString("_id"),
                CatalogDocuments.versionOf(removed),
                Attribution.of(Actions.DELETE, "editor"));
        String added = CatalogWriter.newId();
        writer.create("models", added, new Document("name", "new"), Attribution.of(Actions.CREATE, "editor"));

        var diff = json(get("/api/backups/" + id + "/compare?with=live", "viewer"));
        assertThat(diff.get("total").asLong()).isEqualTo(3);
        assertThat(diff.get("next").isNull()).isTrue();
        var items = diff.get("items");
        // brands first (changed, then removed, in _id order), then models
        var change = items.get(0);
        assertThat(change.get("collection").asString()).isEqualTo("brands");
        assertThat(change.get("change").asString()).isEqualTo("changed");
        assertThat(change.get("documentId").asString()).isEqualTo(changed.getString("_id"));
        assertThat(change.get("name").asString()).isEqualTo("renamed");
        assertThat(change.get("changes").get(0).get("path").asString()).isEqualTo("name");
        assertThat(change.get("changes").get(0).get("from").asString()).isEqualTo("brand 0");
        assertThat(change.get("changes").get(0).get("to").asString()).isEqualTo("renamed");
        assertThat(change.get("changes")).hasSize(1);
        assertThat(items.get(1).get("change").asString()).isEqualTo("removed");
        assertThat(items.get(1).get("documentId").asString()).isEqualTo(removed.getString("_id"));
        assertThat(items.get(1).get("name").asString()).isEqualTo("brand 9");
        assertThat(items.get(2).get("collection").asString()).isEqualTo("models");
        assertThat(items.get(2).get("change").asString()).isEqualTo("added");
        assertThat(items.get(2).get("documentId").asString()).isEqualTo(added);
        assertThat(items.get(2).get("name").asString()).isEqualTo("new");

        String second = backupAndWait();
        var betweenBackups = json(get("/api/backups/" + id + "/compare?with=" + second + "&limit=1", "viewer"));
        assertThat(betweenBackups.get("items")).hasSize(1);
        assertThat(betweenBackups.get("total").asLong()).isEqualTo(3);
        assertThat(betweenBackups.get("next").asString()).isNotBlank();
        assertThat(json(get("/api/backups/" + id + "/compare?with=" + second + "&limit=100000", "viewer"))
                        .get("status")
                        .asInt())
                .isEqualTo(400);
    }

    @Test
    void compareShowsADecimalChangeAsNumbersLikeTheAuditTrail() throws Exception {
        String model = CatalogWriter.newId();
        long version = writer.create(
                        "models",
                        model,
                        new Document("name", "priced").append("price", Decimal128.parse("1.50")),
                        Attribution.of(Actions.CREATE, "editor"))
                .version();
        String id = backupAndWait();
        writer.replace(
                "models",
                model,
                version,
                new Document("name", "priced").append("price", Decimal128.parse("2.25")),
                Attribution.of(Actions.UPDATE, "editor"));

        JsonNode changed = null;
        for (JsonNode d :
                json(get("/api/backups/" + id + "/compare?with=live", "viewer")).get("items")) {
            if (d.get("collection").asString().equals("models")
                    && d.get("change").asString().equals("changed")) {
                changed = d;
            }
        }
        assertThat(changed).as("the changed model in the comparison").isNotNull();
        var change = changed.get("changes").get(0);
        assertThat(change.get("path").asString()).isEqualTo("price");
        assertThat(change.get("from").isNumber()).as("%s", change).isTrue();
        assertThat(change.get("from").decimalValue()).isEqualByComparingTo("1.50");
        assertThat(change.get("to").decimalValue()).isEqualByComparingTo("2.25");
    }

    @Test
    void cleanupDryRunListsWhatWouldGoAndKeepsPinnedAndNewest() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(backupAndWait());
        }
        // age every backup past the configured max age (365 days here), keeping ids[2] the newest of all
        backupDb()
                .getCollection("full_backups")
                .updateMany(
                        Filters.nin("_id", ids),
                        Updates.set("startedAt", Date.from(Instant.now().minus(Duration.ofDays(500)))));
        for (int i = 0; i < ids.size(); i++) {
            backupDb()
                    .getCollection("full_backups")
                    .updateOne(
                            Filters.eq("_id", ids.get(i)),
                            Updates.set(
                                    "startedAt",
                                    Date.from(Instant.now()
                                            .minus(Duration.ofDays(400))
                                            .plusSeconds(i))));
        }
        post("/api/backups/" + ids.get(0) + "/pin", Map.of("pinned", true));
        long backupsBefore = backupDb().getCollection("full_backups").countDocuments();
        var dry = json(post("/api/backups/cleanup", Map.of("dryRun", true)));
        assertThat(backupDb().getCollection("full_backups").countDocuments()).isEqualTo(backupsBefore);
        assertThat(ROOT.resolve(ids.get(1))).isDirectory();
        List<String> doomed = new ArrayList<>();
        dry.get("backups").forEach(d -> doomed.add(d.get("backupId").asString()));
        // ids[0] is pinned, ids[2] is the newest completed backup: both kept although older than the max age
        assertThat(doomed).contains(ids.get(1)).doesNotContain(ids.get(0), ids.get(2));

        var real = json(post("/api/backups/cleanup", Map.of("dryRun", false)));
        assertThat(real.get("kind").asString()).isEqualTo("cleanup");
        assertThat(real.get("status").asString()).isEqualTo("completed");
        List<String> deleted = new ArrayList<>();
        real.get("outcome").get("deletedBackupIds").forEach(d -> deleted.add(d.asString()));
        assertThat(deleted).containsExactlyInAnyOrderElementsOf(doomed);
        deleted.forEach(d -> assertThat(ROOT.resolve(d)).doesNotExist());
        assertThat(get("/api/backups/" + ids.get(1), "viewer").status()).isEqualTo(404);
        assertThat(ROOT.resolve(ids.get(2))).isDirectory();
        var newest = json(get("/api/backups?status=completed&limit=1", "viewer"))
                .get("items")
                .get(0)
                .get("id")
                .asString();
        assertThat(get("/api/backups/" + newest, "viewer").status()).isEqualTo(200);
        assertThat(ROOT.resolve(ids.get(0))).isDirectory();
        assertThat(send("DELETE", "/api/backups/" + newest, "admin", "admin", null)
                        .status())
                .isEqualTo(409);
        assertThat(send("DELETE", "/api/backups/" + ids.get(0), "admin", "admin", null)
                        .body())
                .contains("pinned");
    }

    @Test
    void deleteRemovesAnOlderBackupAndItsFiles() throws Exception {
        String older = backupAndWait();
        backupAndWait();
        assertThat(send("DELETE", "/api/backups/" + older, "admin", "admin", null)
                        .status())
                .isEqualTo(204);
        assertThat(get("/api/backups/" + older, "viewer").status()).isEqualTo(404);
        assertThat(ROOT.resolve(older)).doesNotExist();
    }

    @Test
    void schedulesAreValidatedPersistedAndMissedRunsFireOnlyOnce() throws Exception {
        Response bad = post("/api/backups/schedules", Map.of("cron", "every day"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"cron\"");
        Response ok = post("/api/backups/schedules", Map.of("cron", "0 * * * * *", "description", "every minute"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        String id = json(ok).get("id").asString();
        // the service was "down" for an hour: sixty runs were missed
        backupDb()
                .getCollection("schedules")
                .updateMany(
                        new Document(),
                        Updates.set("cronSince", Date.from(Instant.now().minus(Duration.ofHours(1)))));
        List<String> first = scheduler.tick();
        assertThat(first).hasSize(1);
        awaitBackup(first.get(0), "completed");
        assertThat(scheduler.tick()).isEmpty();
        var view = json(get("/api/backups/" + first.get(0), "viewer"));
        assertThat(view.get("type").asString()).isEqualTo("scheduled");
        assertThat(view.get("createdBy").asString()).isEqualTo(BackupScheduler.SYSTEM_USER);
        assertThat(json(get("/api/backups/schedules", "viewer"))
                        .get("items")
                        .get(0)
                        .get("cron")
                        .asString())
                .isEqualTo("0 * * * * *");
        assertThat(send("DELETE", "/api/backups/schedules/" + id + "?version=1", "admin", "admin", null)
                        .status())
                .isEqualTo(204);
    }

    private static Map<String, Object> entry(String collection, String id, String action, Instant at, Document after) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", java.util.UUID.randomUUID().toString());
        e.put("collection", collection);
        e.put("documentId", id);
        e.put("version", 2);
        e.put("action", action);
        e.put("changedAt", at.toString());
        e.put("sourcePosition", at.toEpochMilli() + ":1");
        e.put("before", null);
        e.put(
                "after",
                after == null
                        ? null
                        : after.toJson(JsonWriterSettings.builder()
                                .outputMode(JsonMode.EXTENDED)
                                .build()));
        return e;
    }

    @Test
    void pointInTimeRestorePreviewsThenAppliesTheBackupPlusTheAuditTrailUpToT() throws Exception {
        String base = backupAndWait();
        awaitClockPast(Instant.now());
        List<Document> brands = snapshot("brands");
        Document kept = brands.get(0);
        Document deletedLater = brands.get(1);
        String created = CatalogWriter.newId();
        Instant t1 = Instant.now();
        Instant t = t1.plusMillis(5);
        Instant afterT = t.plusMillis(5);
        AUDIT.entries.clear();
        AUDIT.entries.add(
                entry("brands", kept.getString("_id"), "update", t1, new Document(kept).append("name", "as at T")));
        AUDIT.entries.add(entry("brands", deletedLater.getString("_id"), "delete", t1, null));
        AUDIT.entries.add(entry(
                "models",
                created,
                "create",
                t1,
                new Document("_id", created).append("name", "m at T").append("version", 1L)));
        AUDIT.entries.add(
                entry("brands", kept.getString("_id"), "update", afterT, new Document(kept).append("name", "after T")));
        awaitClockPast(afterT);
        // the live catalog has drifted: one document changed after the backup without the audit knowing
        writer.replace(
                "brands",
                brands.get(2).getString("_id"),
                CatalogDocuments.versionOf(brands.get(2)),
                new Document("name", "drift").append("rank", 2),
                Attribution.of(Actions.UPDATE, "editor"));

        var preview = json(post("/api/backups/pitr", Map.of("at", t.toString(), "dryRun", true)));
        assertThat(preview.get("baseBackupId").asString()).isEqualTo(base);
        assertThat(preview.get("auditEntries").asInt()).isEqualTo(3);
        assertThat(preview.get("collections").get("brands").get("changed").asLong())
                .isEqualTo(2);
        assertThat(preview.get("collections").get("brands").get("deleted").asLong())
                .isEqualTo(1);
        assertThat(preview.get("collections").get("models").get("created").asLong())
                .isEqualTo(1);
        assertThat(snapshot("brands").get(0).getString("name")).isEqualTo(kept.getString("name"));

        Response unconfirmed = post("/api/backups/pitr", Map.of("at", t.toString(), "dryRun", false));
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("confirm must repeat at");

        Response accepted =
                post("/api/backups/pitr", Map.of("at", t.toString(), "dryRun", false, "confirm", t.toString()));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(json(accepted).get("kind").asString()).isEqualTo("pitr");
        assertThat(json(accepted).get("reason").isNull()).isTrue();
        var operation = awaitOperation(json(accepted).get("id").asString());
        assertThat(operation.get("status").asString()).as(operation.toString()).isEqualTo("completed");
        assertThat(operation.get("outcome").get("baseBackupId").asString()).isEqualTo(base);
        assertThat(operation.get("outcome").get("at").asString()).isEqualTo(t.toString());
        assertThat(operation.get("outcome").get("preRestoreBackupId").asString())
                .startsWith("bk-");
        assertThat(operation.get("durationMs").asLong()).isNotNegative();
        assertThat(catalog()
                        .getCollection("brands")
                        .find(Filters.eq("_id", kept.getString("_id")))
                        .first()
                        .getString("name"))
                .isEqualTo("as at T");
        assertThat(catalog()
                        .getCollection("brands")
                        .find(Filters.eq("_id", deletedLater.getString("_id")))
                        .first())
                .isNull();
        assertThat(catalog()
                        .getCollection("brands")
                        .find(Filters.eq("_id", brands.get(2).getString("_id")))
                        .first()
                        .getString("name"))
                .isEqualTo("brand 2");
        assertThat(catalog()
                        .getCollection("models")
                        .find(Filters.eq("_id", created))
                        .first()
                        .getString("name"))
                .isEqualTo("m at T");
        assertThat(AUDIT.authorizations).allSatisfy(a -> assertThat(a).startsWith("Bearer "));
    }

    /**
     * Issue 13 point 11: three engines changed after the backup, two of them are live as they were at T and one
     * changed again after T. The preview once said documentsChanged 3 (the documents the audit trail touched) while
     * the restore updates one.
     */
    @Test
    void pointInTimePreviewFiguresEqualWhatTheRestoreThenDoes() throws Exception {
        Map<String, Document> engines = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            engines.put(CatalogWriter.newId(), new Document("name", "engine " + i).append("hp", 100 + i));
        }
        writer.createAll("engines", engines, Attribution.of(Actions.CREATE, "editor"));
        backupAndWait();
        awaitClockPast(Instant.now());
        AUDIT.entries.clear();
        Instant t1 = Instant.now();
        List<Document> live = snapshot("engines");
        for (int i = 0; i < 3; i++) {
            Document engine = live.get(i);
            Document state = new Document("name", engine.getString("name")).append("hp", 200 + i);
            writer.replace(
                    "engines",
                    engine.getString("_id"),
                    CatalogDocuments.versionOf(engine),
                    state,
                    Attribution.of(Actions.UPDATE, "editor"));
            AUDIT.entries.add(entry(
                    "engines",
                    engine.getString("_id"),
                    "update",
                    t1,
                    catalog()
                            .getCollection("engines")
                            .find(Filters.eq("_id", engine.getString("_id")))
                            .first()));
        }
        Instant t = t1.plusMillis(5);
        Instant afterT = t.plusMillis(5);
        awaitClockPast(afterT);
        Document again = catalog()
                .getCollection("engines")
                .find(Filters.eq("_id", live.get(0).getString("_id")))
                .first();
        writer.replace(
                "engines",
                again.getString("_id"),
                CatalogDocuments.versionOf(again),
                new Document("name", again.getString("name")).append("hp", 999),
                Attribution.of(Actions.UPDATE, "editor"));
        AUDIT.entries.add(entry(
                "engines",
                again.getString("_id"),
                "update",
                afterT,
                catalog()
                        .getCollection("engines")
                        .find(Filters.eq("_id", again.getString("_id")))
                        .first()));

        var preview = json(post("/api/backups/pitr", Map.of("at", t.toString(), "dryRun", true)));
        assertThat(preview.get("auditEntries").asInt()).isEqualTo(3);
        assertThat(preview.get("collections").get("engines").get("changed").asLong())
                .isEqualTo(1);
        assertThat(preview.get("documentsChanged").asLong())
                .as(preview.toString())
                .isEqualTo(1);

        Response accepted =
                post("/api/backups/pitr", Map.of("at", t.toString(), "dryRun", false, "confirm", t.toString()));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        var operation = awaitOperation(json(accepted).get("id").asString());
        assertThat(operation.get("status").asString()).as(operation.toString()).isEqualTo("completed");
        var done = operation.get("outcome");
        long restoredChanges = 0;
        for (String collection : Topics.CATALOG_COLLECTIONS) {
            var previewed = preview.get("collections").get(collection);
            var restored = done.get("collections").get(collection);
            assertThat(restored.get("created").asLong())
                    .as(collection)
                    .isEqualTo(previewed.get("created").asLong());
            assertThat(restored.get("changed").asLong())
                    .as(collection)
                    .isEqualTo(previewed.get("changed").asLong());
            assertThat(restored.get("deleted").asLong())
                    .as(collection)
                    .isEqualTo(previewed.get("deleted").asLong());
            assertThat(restored.get("unchanged").asLong())
                    .as(collection)
                    .isEqualTo(previewed.get("unchanged").asLong());
            restoredChanges += restored.get("created").asLong()
                    + restored.get("changed").asLong()
                    + restored.get("deleted").asLong();
        }
        assertThat(done.get("documentsChanged").asLong()).isEqualTo(restoredChanges);
        assertThat(preview.get("documentsChanged").asLong()).isEqualTo(restoredChanges);
        assertThat(catalog()
                        .getCollection("engines")
                        .find(Filters.eq("_id", again.getString("_id")))
                        .first()
                        .getInteger("hp"))
                .isEqualTo(200);
    }

    @Test
    void pointInTimeBeforeAnyBackupIsRefused() throws Exception {
        Response r = post("/api/backups/pitr", Map.of("at", "2001-01-01T00:00:00Z", "dryRun", true));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body()).contains("No completed backup started before");
        assertThat(post("/api/backups/pitr", Map.of("at", "yesterday")).status())
                .isEqualTo(400);
    }
}
