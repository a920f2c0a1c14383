package io.backstop.system;

import static io.backstop.system.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import tools.jackson.databind.JsonNode;

import io.backstop.stack.GatewayClient;

/** Issue 13, points 3 and 6, as two admins meet them on the backups screen: schedules one by one, the retention policy. */
@ExtendWith(RunningStack.class)
class BackupSettingsBrowserIT {

    @Test
    void twoAdminsEditingTheSameScheduleDoNotEraseEachOther() {
        String mark = UUID.randomUUID().toString().substring(0, 6);
        String id;
        try (Browser a = Browser.open();
                Browser b = Browser.open()) {
            a.login("admin", "admin");
            openSchedules(a);
            int row = a.all(testId("schedule-row")).size();
            a.click(testId("schedule-add"));
            a.type(testId("schedule-" + row + "-cron"), "0 30 2 * * *");
            a.type(testId("schedule-" + row + "-description"), "nightly " + mark);
            a.click(testId("schedule-" + row + "-save"));
            id = a.waitFor(d -> {
                String saved = d.findElements(testId("schedule-row")).get(row).getAttribute("data-id");
                return saved == null || saved.isEmpty() ? null : saved;
            });

            // B opens the list with A's schedule at version 1; A then edits it
            b.login("admin", "admin");
            openSchedules(b);
            int bRow = rowOf(b, id);
            a.type(testId("schedule-" + row + "-description"), "nightly " + mark + " (A)");
            a.click(testId("schedule-" + row + "-save"));
            a.waitFor(d -> api().get("/api/backups/schedules/" + id)
                            .json()
                            .get("version")
                            .asLong()
                    == 2);

            // B's save carries version 1: refused, said so, and B sees A's schedule as it is now
            b.type(testId("schedule-" + bRow + "-description"), "nightly " + mark + " (B)");
            b.click(testId("schedule-" + bRow + "-save"));
            assertThat(b.visible(testId("schedules-conflict")).getText()).contains("changed");
            b.waitFor(ExpectedConditions.attributeToBe(
                    testId("schedule-" + rowOf(b, id) + "-description"), "value", "nightly " + mark + " (A)"));
        }
        JsonNode schedule = api().get("/api/backups/schedules/" + id).json();
        assertThat(schedule.get("id").asString()).as("the id never changes").isEqualTo(id);
        assertThat(schedule.get("description").asString()).isEqualTo("nightly " + mark + " (A)");
        assertThat(schedule.get("version").asLong()).isEqualTo(2);
        assertThat(api().delete("/api/backups/schedules/" + id + "?version=2").status())
                .isEqualTo(204);
    }

    @Test
    void anAdminSetsTheRetentionPolicyAndEveryoneSeesIt() {
        try (Browser admin = Browser.open();
                Browser viewer = Browser.open()) {
            admin.login("admin", "admin");
            admin.click(testId("nav-backups"));
            WebElement card = admin.visible(testId("retention"));
            assertThat(card.getText()).contains("Applied after every completed backup and once a day");
            // generous, so no backup another test still needs is deleted by it
            admin.type(testId("retention-keep-last"), "400");
            admin.type(testId("retention-max-age-days"), "");
            admin.click(testId("retention-save"));
            admin.waitFor(ExpectedConditions.textMatches(
                    testId("retention-version"), java.util.regex.Pattern.compile("Version \\d+, set by admin")));

            viewer.login("viewer", "viewer");
            viewer.click(testId("nav-backups"));
            viewer.waitFor(ExpectedConditions.attributeToBe(testId("retention-keep-last"), "value", "400"));
            assertThat(viewer.all(testId("retention-save")))
                    .as("viewers read the policy, they do not set it")
                    .isEmpty();
        }
        JsonNode policy = api().get("/api/backups/retention").json();
        assertThat(policy.get("keepLast").asInt()).isEqualTo(400);
        assertThat(policy.get("maxAgeDays").isNull()).isTrue();
    }

    /** Issue 13, point 6: a backup's own retention deletes what the policy no longer keeps; the backups screen lists it. */
    @Test
    void aDeletionByRetentionIsListedOnTheBackupsScreen() {
        GatewayClient admin = api();
        // the backups other tests made stay: pinned backups are never deleted
        String cursor = "";
        do {
            JsonNode page = admin.get("/api/backups?limit=500" + (cursor.isEmpty() ? "" : "&cursor=" + cursor))
                    .json();
            for (JsonNode backup : page.get("items")) {
                if (!backup.get("pinned").asBoolean()) {
                    assertThat(admin.post(
                                            "/api/backups/" + backup.get("id").asString() + "/pin",
                                            Map.of("pinned", true))
                                    .status())
                            .isEqualTo(200);
                }
            }
            cursor = page.get("next").isNull() ? "" : page.get("next").asString();
        } while (!cursor.isEmpty());
        setKeepLast(admin, 1);
        try {
            String older = completedBackup(admin, "retention: the older one");
            String newer = completedBackup(admin, "retention: the newer one");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> admin.get("/api/backups/" + older).status() == 404);

            try (Browser browser = Browser.open()) {
                browser.login("admin", "admin");
                browser.click(testId("nav-backups"));
                WebElement deletion =
                        browser.visible(By.cssSelector("[data-testid='cleanup-op'][data-id='" + newer + "']"));
                assertThat(deletion.getText()).contains("after backup " + newer).contains("deleted " + older);
            }
        } finally {
            setKeepLast(admin, 400);
        }
    }

    private static void setKeepLast(GatewayClient admin, int keepLast) {
        long version = admin.get("/api/backups/retention").json().get("version").asLong();
        Map<String, Object> policy = new java.util.HashMap<>();
        policy.put("keepLast", keepLast);
        policy.put("maxAgeDays", null);
        policy.put("version", version);
        GatewayClient.Response set = admin.put("/api/backups/retention", policy);
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
    }

    private static String completedBackup(GatewayClient admin, String description) {
        GatewayClient.Response started = admin.post("/api/backups", Map.of("description", description));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String id = started.json().get("id").asString();
        // done when its operation is: retention runs inside it, after the dump
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> "completed"
                                .equals(admin.get("/api/backups/" + id)
                                        .json()
                                        .get("status")
                                        .asString())
                        && !admin.get("/api/ops/lock").json().get("locked").asBoolean());
        return id;
    }

    private static void openSchedules(Browser browser) {
        browser.click(testId("nav-backups"));
        browser.click(testId("open-schedules"));
        browser.visible(testId("schedules-dialog"));
        browser.visible(testId("schedule-add"));
    }

    private static int rowOf(Browser browser, String id) {
        return browser.waitFor(d -> {
            var rows = d.findElements(testId("schedule-row"));
            for (int i = 0; i < rows.size(); i++) {
                if (id.equals(rows.get(i).getAttribute("data-id"))) {
                    return i;
                }
            }
            return null;
        });
    }

    private static GatewayClient api() {
        return Api.as("admin", "admin");
    }
}
