package io.backstop.system;

import static io.backstop.system.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.backstop.bench.faults.Tmpfs;
import io.backstop.stack.GatewayClient;

/**
 * Issue 5, second "done when": an admin creates a backup and restores it through the confirmation dialog, while a
 * second browser session (an editor with an engine open) shows the progress overlay and is refused an edit.
 */
@ExtendWith(RunningStack.class)
class BackupRestoreBrowserIT {

    private static final Duration OPERATION = Duration.ofSeconds(120);

    @Test
    void adminRestoresABackupWhileASecondSessionShowsTheOverlayAndIsRefusedAnEdit() {
        EditAndRollbackBrowserIT.Fixture f = EditAndRollbackBrowserIT.Fixture.engine(
                "Restore Motors " + UUID.randomUUID().toString().substring(0, 6), 150);
        String description = "before the browser restore test " + UUID.randomUUID();
        List<String> added = new ArrayList<>();

        try (Browser admin = Browser.open();
                Browser editor = Browser.open()) {
            admin.login("admin", "admin");
            admin.click(testId("nav-backups"));
            admin.click(testId("create-backup"));
            admin.type(testId("backup-description"), description);
            admin.click(testId("create-backup-submit"));

            By row = By.xpath("//tr[@data-testid='backup-row'][.//*[contains(., '" + description + "')]]");
            WebElement completed = admin.waitFor(
                    d -> {
                        WebElement r = d.findElement(row);
                        return "completed".equals(r.getAttribute("data-status")) ? r : null;
                    },
                    OPERATION);
            String backupId = completed.getAttribute("data-id");
            assertThat(completed.findElement(testId("status-badge")).getText()).isEqualToIgnoringCase("completed");
            assertThat(completed.getText()).contains("admin").contains("manual").contains("engines:");
            admin.waitFor(ExpectedConditions.invisibilityOfElementLocated(testId("ops-overlay")));
            admin.screenshot("backups");

            // the second session: an editor looking at an engine, about to edit it
            editor.login("editor", "editor");
            CatalogScreen catalog =
                    new CatalogScreen(editor).openEngine(f.brandName(), f.brandId(), f.modelId(), f.engineId());
            assertThat(editor.driver().findElement(catalog.editButton()).isEnabled())
                    .isTrue();

            // after the backup the catalog moves on: the engine is tuned and more engines are added under its model,
            // so the restore has real work to do (and the test can see that it did it)
            GatewayClient api = Api.as("editor", "editor");
            GatewayClient.Response tuned = api.put(
                    "/api/catalog/engines/" + f.engineId(),
                    Map.of(
                            "modelId",
                            f.modelId(),
                            "name",
                            "2.0 TFSI",
                            "fuel",
                            "petrol",
                            "powerHp",
                            175,
                            "torqueNm",
                            350,
                            "version",
                            1));
            assertThat(tuned.status()).as(tuned.toString()).isEqualTo(200);
            // issue 13, point 4: the open session follows the change without being reloaded
            editor.waitFor(ExpectedConditions.textToBe(testId("detail-powerHp"), "175"));
            editor.waitFor(ExpectedConditions.textToBe(testId("detail-version"), "v2"));
            for (int i = 0; i < 40; i++) {
                GatewayClient.Response r = api.post(
                        "/api/catalog/engines",
                        Map.of(
                                "modelId",
                                f.modelId(),
                                "name",
                                "added after backup " + i,
                                "fuel",
                                "diesel",
                                "powerHp",
                                100 + i,
                                "torqueNm",
                                250));
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
                added.add(r.json().get("id").asString());
            }
            String edit =
                    "{\"modelId\":\"" + f.modelId() + "\",\"name\":\"2.0 TFSI\",\"fuel\":\"petrol\",\"powerHp\":999,"
                            + "\"torqueNm\":320,\"version\":2}";
            editor.armLockProbe(catalog.editButton(), "PUT", "/api/catalog/engines/" + f.engineId(), edit);

            // the restore, through the dialog that warns and wants the id typed
            WebElement restoreRow =
                    admin.visible(By.cssSelector("[data-testid='backup-row'][data-id='" + backupId + "']"));
            restoreRow.findElement(testId("restore-backup")).click();
            admin.visible(testId("restore-warning"));
            WebElement submit = admin.visible(testId("restore-submit"));
            admin.type(testId("restore-confirm-input"), backupId.substring(0, backupId.length() - 1));
            assertThat(submit.isEnabled()).as("a mistyped id cannot confirm").isFalse();
            admin.type(testId("restore-confirm-input"), backupId);
            admin.type(testId("restore-reason"), "browser test");
            admin.click(testId("restore-submit"));

            // the editor's session shows the overlay: what runs, who started it, progress and message ...
            Map<String, Object> probe = editor.lockProbe(OPERATION);
            assertThat(probe).containsEntry("overlay", true).containsEntry("progressbar", true);
            assertThat((String) probe.get("title")).contains("Restore in progress");
            assertThat((String) probe.get("startedBy")).contains("admin");
            assertThat((String) probe.get("message")).contains("%");
            // documentation, not an assertion: the restore may already be over by now
            if (editor.driver().findElement(testId("ops-overlay")).isDisplayed()) {
                editor.screenshot("overlay");
            }
            // ... and cannot start the conflicting edit: its edit button is disabled and clicking it opens nothing,
            // and the server refuses the same write from this session
            assertThat(probe).containsEntry("buttonDisabled", true).containsEntry("editDialogOpened", false);
            assertThat(((Number) probe.get("status")).longValue())
                    .as("a catalog write during the restore")
                    .isIn(409L, 423L);

            // issue 20, point 1: when the restore ends, both sessions show its outcome instead of just closing the
            // overlay: succeeded, per-collection counts, the pre-restore backup with a link, the duration
            for (Browser session : List.of(editor, admin)) {
                WebElement outcome = session.waitFor(
                        ExpectedConditions.visibilityOfElementLocated(testId("ops-outcome")), OPERATION);
                assertThat(outcome.getAttribute("data-status")).isEqualTo("completed");
                assertThat(session.visible(testId("ops-outcome-title")).getText())
                        .isEqualTo("Restore succeeded");
                WebElement engines = outcome.findElement(
                        By.cssSelector("[data-testid='ops-outcome-collections'] tr[data-collection='engines']"));
                assertThat(Integer.parseInt(engines.findElement(By.cssSelector("[data-count='deleted']"))
                                .getText()))
                        .as("the 40 engines added after the backup")
                        .isEqualTo(40);
                assertThat(Integer.parseInt(engines.findElement(By.cssSelector("[data-count='changed']"))
                                .getText()))
                        .as("the tuned engine put back")
                        .isGreaterThanOrEqualTo(1);
                assertThat(session.visible(testId("ops-outcome-summary")).getText())
                        .contains("Started by admin")
                        .contains("took ");
                WebElement preRestore = session.visible(testId("ops-outcome-pre-restore"));
                assertThat(preRestore.getText()).startsWith("bk-");
                assertThat(preRestore.getAttribute("href")).endsWith("#/backups/full/" + preRestore.getText());
            }
            admin.screenshot("restore-outcome");
            String preRestoreId =
                    admin.visible(testId("ops-outcome-pre-restore")).getText();
            assertThat(Api.as("viewer", "viewer")
                            .get("/api/backups/" + preRestoreId)
                            .json()
                            .get("type")
                            .asString())
                    .isEqualTo("pre-restore");
            // the link leads to the pre-restore backup's row, marked
            admin.click(testId("ops-outcome-pre-restore"));
            admin.waitFor(ExpectedConditions.invisibilityOfElementLocated(testId("ops-overlay")), OPERATION);
            admin.visible(By.cssSelector("[data-testid='backup-row'][data-id='" + preRestoreId + "'].highlight"));
            editor.click(testId("ops-dismiss"));
            editor.waitFor(ExpectedConditions.invisibilityOfElementLocated(testId("ops-overlay")), OPERATION);
            editor.waitFor(ExpectedConditions.elementToBeClickable(catalog.editButton()));

            // ... and shows what the restore made of the engine, not the values it had on screen before
            long restoredVersion = Api.as("viewer", "viewer")
                    .get("/api/catalog/engines/" + f.engineId())
                    .json()
                    .get("version")
                    .asLong();
            editor.waitFor(ExpectedConditions.textToBe(testId("detail-powerHp"), "150"));
            editor.waitFor(ExpectedConditions.textToBe(testId("detail-version"), "v" + restoredVersion));
            assertThat(restoredVersion).isGreaterThan(2);
        }

        GatewayClient viewer = Api.as("viewer", "viewer");
        GatewayClient.Response engine = viewer.get("/api/catalog/engines/" + f.engineId());
        assertThat(engine.json().get("powerHp").asInt())
                .as("restored to the backup, and the refused edit wrote nothing")
                .isEqualTo(150);
        assertThat(added).allSatisfy(id -> assertThat(
                        viewer.get("/api/catalog/engines/" + id).status())
                .as("created after the backup, so gone after the restore")
                .isEqualTo(404));
    }

    /**
     * Issue 20, point 1: no test had ever shown a failed backup. The running stack's backup disk is made full (a 4 KB
     * tmpfs over its backup directory, as the fault suite does), and the backup shows as a failed row with its error.
     */
    @Test
    void aBackupOnAFullDiskShowsAsAFailedRowWithItsError() {
        Path backups = RunningStack.get().config().dataDir().resolve("backups");
        String description = "on a full disk " + UUID.randomUUID();
        try (Browser admin = Browser.open()) {
            admin.login("admin", "admin");
            admin.click(testId("nav-backups"));
            admin.visible(testId("refresh-backups"));
            List<String> why = new ArrayList<>();
            try (Tmpfs full = Tmpfs.mount(backups, "4k", why)) {
                Assumptions.assumeTrue(full != null, () -> "cannot fill a disk here: " + why);
                admin.click(testId("create-backup"));
                admin.type(testId("backup-description"), description);
                admin.click(testId("create-backup-submit"));

                By row = By.xpath("//tr[@data-testid='backup-row'][.//*[contains(., '" + description + "')]]");
                WebElement failed = admin.waitFor(
                        d -> {
                            WebElement r = d.findElement(row);
                            return "failed".equals(r.getAttribute("data-status")) ? r : null;
                        },
                        OPERATION);
                assertThat(failed.findElement(testId("status-badge")).getText()).isEqualToIgnoringCase("failed");
                assertThat(failed.findElement(testId("backup-error")).getText()).containsIgnoringCase("space");
                assertThat(admin.visible(testId("ops-error")).getText()).containsIgnoringCase("space");
                admin.screenshot("backup-failed");
                admin.click(testId("ops-dismiss"));
                admin.waitFor(ExpectedConditions.invisibilityOfElementLocated(testId("ops-overlay")));
                assertThat(admin.visible(row).getAttribute("data-status")).isEqualTo("failed");
            }
        }
    }
}
