package io.backstop.backup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 13 point 3: each schedule is its own resource with a stable id and a version checked on edit and delete. */
class ScheduleApiIT extends BackupServiceIT {

    @AfterEach
    void removeSchedules() {
        backupDb().getCollection("schedules").deleteMany(new Document());
    }

    private tools.jackson.databind.JsonNode create(String cron, String description) throws Exception {
        Response created = post("/api/backups/schedules", Map.of("cron", cron, "description", description));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return json(created);
    }

    @Test
    void twoAdminsEditingDifferentSchedulesKeepBothAndNoIdChanges() throws Exception {
        var nightly = create("0 0 2 * * *", "nightly");
        var hourly = create("0 0 * * * *", "hourly");
        assertThat(nightly.get("version").asLong()).isEqualTo(1);

        // admin A removes the nightly one while admin B renames the hourly one, each from what they read
        assertThat(send(
                                "DELETE",
                                "/api/backups/schedules/" + nightly.get("id").asString() + "?version=1",
                                "alice",
                                "admin",
                                null)
                        .status())
                .isEqualTo(204);
        Response renamed = send(
                "PUT",
                "/api/backups/schedules/" + hourly.get("id").asString(),
                "bob",
                "admin",
                Map.of("cron", "0 0 * * * *", "description", "hourly, renamed", "version", 1));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(json(renamed).get("version").asLong()).isEqualTo(2);
        assertThat(json(renamed).get("changedBy").asString()).isEqualTo("bob");
        assertThat(json(renamed).get("createdBy").asString()).isEqualTo("admin");

        var list = json(get("/api/backups/schedules", "viewer")).get("items");
        List<String> ids = new ArrayList<>();
        list.forEach(s -> ids.add(s.get("id").asString()));
        assertThat(ids).containsExactly(hourly.get("id").asString());
        var one = json(get("/api/backups/schedules/" + hourly.get("id").asString(), "viewer"));
        assertThat(one.get("description").asString()).isEqualTo("hourly, renamed");
    }

    @Test
    void aStaleVersionGets409NamingTheCurrentOneAndChangesNothing() throws Exception {
        var s = create("0 0 2 * * *", "nightly");
        String path = "/api/backups/schedules/" + s.get("id").asString();
        assertThat(send("PUT", path, "alice", "admin", Map.of("cron", "0 0 3 * * *", "version", 1))
                        .status())
                .isEqualTo(200);

        Response stale = send("PUT", path, "bob", "admin", Map.of("cron", "0 0 4 * * *", "version", 1));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(json(stale).get("detail").asString()).contains("is at version 2, not 1");
        Response staleDelete = send("DELETE", path + "?version=1", "bob", "admin", null);
        assertThat(staleDelete.status()).isEqualTo(409);
        assertThat(staleDelete.body()).contains("is at version 2");
        var now = json(get(path, "viewer"));
        assertThat(now.get("cron").asString()).isEqualTo("0 0 3 * * *");
        assertThat(now.get("version").asLong()).isEqualTo(2);
    }

    @Test
    void unknownIdsAre404AndBadRequestsAre400() throws Exception {
        String path = "/api/backups/schedules/sch-nothing";
        assertThat(get(path, "viewer").status()).isEqualTo(404);
        assertThat(send("PUT", path, "admin", "admin", Map.of("cron", "0 0 1 * * *", "version", 1))
                        .status())
                .isEqualTo(404);
        assertThat(send("DELETE", path + "?version=1", "admin", "admin", null).status())
                .isEqualTo(404);

        var s = create("0 0 2 * * *", "nightly");
        String real = "/api/backups/schedules/" + s.get("id").asString();
        Response noVersion = send("PUT", real, "admin", "admin", Map.of("cron", "0 0 1 * * *"));
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.body()).contains("version");
        Response deleteWithoutVersion = send("DELETE", real, "admin", "admin", null);
        assertThat(deleteWithoutVersion.status()).isEqualTo(400);
        assertThat(deleteWithoutVersion.body()).contains("?version=N");
        Response badCron = send("PUT", real, "admin", "admin", Map.of("cron", "daily", "version", 1));
        assertThat(badCron.status()).isEqualTo(400);
        assertThat(badCron.body()).contains("is not a cron expression");
        assertThat(json(get(real, "viewer")).get("version").asLong()).isEqualTo(1);
        assertThat(send("POST", "/api/backups/schedules", "viewer", "viewer", Map.of("cron", "0 0 1 * * *"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void theWholeListCanNoLongerBeReplaced() throws Exception {
        create("0 0 2 * * *", "nightly");
        Response replace = send("PUT", "/api/backups/schedules", "admin", "admin", Map.of("schedules", List.of()));
        assertThat(replace.status()).isEqualTo(405);
        assertThat(json(get("/api/backups/schedules", "viewer")).get("items")).hasSize(1);
    }
}
