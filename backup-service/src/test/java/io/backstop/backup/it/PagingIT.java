package io.backstop.backup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Actions;
import io.backstop.contracts.Topics;
import io.backstop.outbox.Attribution;
import io.backstop.outbox.CatalogDocuments;
import io.backstop.outbox.CatalogWriter;

/**
 * Issue 15 points 2 and 4: backups, operations, schedules and compare are pages of {items, next, total}; following
 * {@code next} reads every item once, in order; bad bounds and foreign cursors are 400 with what to do.
 */
class PagingIT extends BackupServiceIT {

    CatalogWriter writer;

    @BeforeEach
    void seed() {
        writer = new CatalogWriter(catalog());
        for (String c : Topics.CATALOG_COLLECTIONS) {
            catalog().getCollection(c).drop();
        }
        Map<String, Document> brands = new LinkedHashMap<>();
        for (int i = 0; i < 7; i++) {
            brands.put(CatalogWriter.newId(), new Document("name", "brand " + i));
        }
        writer.createAll("brands", brands, Attribution.of(Actions.CREATE, "editor"));
    }

    /** Reads every page of {@code path} (which has a '?'), asserting the page size and that next ends as null. */
    List<JsonNode> allPages(String path, int limit) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response r = get(path + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), "viewer");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode page = json(r);
            assertThat(page.get("items").size()).isLessThanOrEqualTo(limit);
            page.get("items").forEach(items::add);
            cursor = page.get("next").isNull() ? null : page.get("next").asString();
            assertThat(++pages).as("the pages end").isLessThan(100);
        } while (cursor != null);
        return items;
    }

    static List<String> ids(List<JsonNode> items, Function<JsonNode, String> id) {
        return items.stream().map(id).toList();
    }

    @Test
    void backupsAndOperationsArePagedNewestFirstWithoutGapOrDuplicate() throws Exception {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(backupAndWait());
        }
        JsonNode first = json(get("/api/backups?limit=2", "viewer"));
        assertThat(first.get("items")).hasSize(2);
        long total = first.get("total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(5);

        List<String> listed = ids(
                allPages("/api/backups?status=completed", 2), n -> n.get("id").asString());
        assertThat(listed).doesNotHaveDuplicates().containsAll(made);
        assertThat(listed).hasSize((int) json(get("/api/backups?status=completed&limit=1", "viewer"))
                .get("total")
                .asLong());
        // newest first: the five made here, in reverse order of making
        List<String> ours = listed.stream().filter(made::contains).toList();
        List<String> newestFirst = new ArrayList<>(made);
        java.util.Collections.reverse(newestFirst);
        assertThat(ours).containsExactlyElementsOf(newestFirst);
        assertThat(listed.get(0)).isEqualTo(made.get(made.size() - 1));

        List<JsonNode> operations = allPages("/api/operations?kind=backup", 3);
        assertThat(ids(operations, n -> n.get("id").asString()))
                .doesNotHaveDuplicates()
                .containsAll(made);
        assertThat(operations)
                .allSatisfy(o -> assertThat(o.get("kind").asString()).isEqualTo("backup"));
        JsonNode one = operations.get(0);
        assertThat(one.get("status").asString()).isEqualTo("completed");
        assertThat(one.get("startedBy").asString()).isEqualTo("admin");
        assertThat(one.get("reason").asString()).isEqualTo("test");
        assertThat(one.get("durationMs").asLong()).isNotNegative();
        assertThat(one.get("outcome").get("backupId").asString())
                .isEqualTo(one.get("id").asString());
    }

    @Test
    void operationsAreFilteredByKindAndStatusAndCarryTheirOutcome() throws Exception {
        String backup = backupAndWait();
        post("/api/backups/" + backup + "/verify", null);
        Response accepted = post("/api/backups/" + backup + "/restore", Map.of("confirm", backup));
        String restore = json(accepted).get("id").asString();
        awaitOperation(restore);

        assertThat(allPages("/api/operations?kind=verify", 50))
                .allSatisfy(o -> assertThat(o.get("kind").asString()).isEqualTo("verify"))
                .anySatisfy(o ->
                        assertThat(o.get("outcome").get("backupId").asString()).isEqualTo(backup));
        List<JsonNode> restores = allPages("/api/operations?kind=restore&status=completed", 50);
        assertThat(ids(restores, n -> n.get("id").asString())).contains(restore);
        JsonNode done = json(get("/api/operations/" + restore, "viewer"));
        assertThat(done.get("outcome")
                        .get("collections")
                        .get("brands")
                        .get("unchanged")
                        .asLong())
                .isEqualTo(7);
        assertThat(done.get("outcome").get("preRestoreBackupId").asString()).startsWith("bk-");
        assertThat(allPages("/api/operations?kind=restore&status=failed", 50))
                .noneSatisfy(o -> assertThat(o.get("id").asString()).isEqualTo(restore));

        Response kind = get("/api/operations?kind=dump", "viewer");
        assertThat(kind.status()).isEqualTo(400);
        assertThat(json(kind).get("errors").get(0).get("field").asString()).isEqualTo("kind");
        assertThat(json(kind).get("errors").get(0).get("message").asString()).contains("backup", "pitr", "verify");
        Response status = get("/api/operations?status=done", "viewer");
        assertThat(status.status()).isEqualTo(400);
        assertThat(json(status).get("errors").get(0).get("field").asString()).isEqualTo("status");
        assertThat(get("/api/operations/rs-20261126-103000-zz99", "viewer").status())
                .isEqualTo(404);
        assertThat(get("/api/operations/NOT_AN_ID", "viewer").status()).isEqualTo(400);
    }

    @Test
    void limitsOutsideOneTo500AndForeignCursorsAreRefused() throws Exception {
        backupAndWait();
        for (String list :
                List.of("/api/backups", "/api/operations", "/api/backups/cleanups", "/api/backups/schedules")) {
            for (String limit : List.of("0", "501", "-3")) {
                Response r = get(list + "?limit=" + limit, "viewer");
                assertThat(r.status()).as(list + " limit " + limit).isEqualTo(400);
                assertThat(json(r).get("errors").get(0).get("field").asString()).isEqualTo("limit");
            }
            Response garbage = get(list + "?cursor=not*base64", "viewer");
            assertThat(garbage.status()).as(list + " garbage cursor").isEqualTo(400);
            assertThat(json(garbage).get("errors").get(0).get("field").asString())
                    .isEqualTo("cursor");
        }
        backupAndWait();
        String backupsCursor =
                json(get("/api/backups?limit=1", "viewer")).get("next").asString();
        Response foreign = get("/api/operations?cursor=" + backupsCursor, "viewer");
        assertThat(foreign.status())
                .as("a backups cursor on the operations list")
                .isEqualTo(400);
        assertThat(json(foreign).get("detail").asString()).contains("pass the 'next' value");
    }

    @Test
    void compareListsEveryDifferingDocumentAcrossPagesWithItsName() throws Exception {
        String id = backupAndWait();
        List<Document> brands = snapshot("brands");
        for (Document brand : brands) {
            writer.replace(
                    "brands",
                    brand.getString("_id"),
                    CatalogDocuments.versionOf(brand),
                    new Document("name", brand.getString("name") + " renamed"),
                    Attribution.of(Actions.UPDATE, "editor"));
        }
        Map<String, Document> models = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            models.put(CatalogWriter.newId(), new Document("name", "model " + i));
        }
        writer.createAll("models", models, Attribution.of(Actions.CREATE, "editor"));

        List<JsonNode> all = allPages("/api/backups/" + id + "/compare?with=live", 3);
        assertThat(all).hasSize(11);
        assertThat(ids(all, n -> n.get("documentId").asString()))
                .doesNotHaveDuplicates()
                .containsAll(brands.stream().map(b -> b.getString("_id")).toList())
                .containsAll(models.keySet());
        assertThat(all.subList(0, 7)).allSatisfy(d -> {
            assertThat(d.get("collection").asString()).isEqualTo("brands");
            assertThat(d.get("change").asString()).isEqualTo("changed");
            assertThat(d.get("name").asString()).endsWith(" renamed");
        });
        assertThat(all.subList(7, 11)).allSatisfy(d -> {
            assertThat(d.get("collection").asString()).isEqualTo("models");
            assertThat(d.get("change").asString()).isEqualTo("added");
            assertThat(d.get("name").asString()).startsWith("model ");
        });
        assertThat(json(get("/api/backups/" + id + "/compare?with=live&limit=3", "viewer"))
                        .get("total")
                        .asLong())
                .isEqualTo(11);

        String second = backupAndWait();
        String cursor = json(get("/api/backups/" + id + "/compare?with=live&limit=3", "viewer"))
                .get("next")
                .asString();
        Response foreign = get("/api/backups/" + id + "/compare?with=" + second + "&cursor=" + cursor, "viewer");
        assertThat(foreign.status()).as("a cursor of another comparison").isEqualTo(400);
        assertThat(json(foreign).get("errors").get(0).get("field").asString()).isEqualTo("cursor");
        assertThat(get("/api/backups/" + id + "/compare?with=live&limit=0", "viewer")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void schedulesArePagedOldestFirst() throws Exception {
        backupDb().getCollection("schedules").deleteMany(new Document());
        List<String> made = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                Response r =
                        post("/api/backups/schedules", Map.of("cron", "0 0 " + i + " * * *", "description", "at " + i));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                made.add(json(r).get("id").asString());
            }
            List<JsonNode> all = allPages("/api/backups/schedules?", 2);
            assertThat(ids(all, n -> n.get("id").asString())).containsExactlyElementsOf(made);
            assertThat(all.get(0).get("createdBy").asString()).isEqualTo("admin");
        } finally {
            backupDb().getCollection("schedules").deleteMany(new Document());
        }
    }
}
