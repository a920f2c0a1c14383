package io.backstop.system;

import static io.backstop.system.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

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

        try (Browser admin = Browser.open(); Browser editor = Browser.open()) {
            admin.login("admin", "admin");
            admin.click(testId("nav-backups"));
            admin.click(testId("create-backup"));
            admin.type(testId("backup-description"), description);
            admin.click(testId("create-backup-submit"));

            By row = By.xpath("//tr[@data-testid='backup-row'][.//*[contains(., '" + description + "')]]");
            WebElement completed = admin.waitFor(d -> {
                WebElement r = d.findElement(row);
                return "completed".equals(r.getAttribute("data-status")) ? r : null;
            }, OPERATION);
            String backupId = completed.getAttribute("data-id");
            assertThat(completed.findElement(testId("status-badge")).getText()).isEqualToIgnoringCase("completed");
            assertThat(completed.getText()).contains("admin").contains("manual").contains("engines:");
            admin.waitFor(ExpectedConditions.invisibilityOfElementLocated(testId("ops-overlay")));
            admin.screenshot("backups");

            // the second session: an editor looking at an engine, about to edit it
            editor.login("editor", "editor");
            CatalogScreen catalog = new CatalogScreen(editor).openEngine(f.brandName(), f.brandId(), f.modelId(), f.engineId());
            assertThat(editor.driver().findElement(catalog.editButton()).isEnabled()).isTrue();

            // the restore, through the dialog that warns and wants the id typed
            WebElement restoreRow = admin.visible(By.cssSelector("[data-testid='backup-row'][data-id='" + backupId + "']"));
            restoreRow.findElement(testId("restore-backup")).click();
            admin.visible(testId("restore-warning"));
            WebElement submit = admin.visible(testId("restore-submit"));
            admin.type(testId("restore-confirm-input"), backupId.substring(0, backupId.length() - 1));
            assertThat(submit.isEnabled()).as("a mistyped id cannot confirm").isFalse();
            admin.type(testId("restore-confirm-input"), backupId);
            admin.type(testId("restore-reason"), "browser test");
            admin.click(testId("restore-submit"));

            // the editor's session shows the overlay: what runs, who started it, progress and message
            WebElement overlay = editor.visible(testId("ops-overlay"));
            assertThat(editor.visible(testId("ops-title")).getText()).contains("Restore");
            assertThat(editor.visible(testId("ops-started-by")).getText()).contains("admin");
            assertThat(overlay.findElement(testId("ops-progress")).getAttribute("role")).isEqualTo("progressbar");
            editor.screenshot("overlay");

            // ... and cannot start the conflicting edit: the page behind is inert and its edit button disabled,
            // and the server refuses the same write from this session too
            assertThat(editor.driver().findElement(catalog.editButton()).isEnabled()).isFalse();
            long status = editor.fetchStatus("PUT", "/api/catalog/engines/" + f.engineId(),
                    "{\"modelId\":\"" + f.modelId() + "\",\"name\":\"2.0 TFSI\",\"fuel\":\"petrol\",\"powerHp\":999,"
                            + "\"torqueNm\":320,\"version\":1}");
            assertThat(status).as("a catalog write during the restore").isIn(409L, 423L);

            // the overlay clears itself in both sessions when the restore completes
            editor.waitFor(ExpectedConditions.invisibilityOfElementLocated(testId("ops-overlay")), OPERATION);
            admin.waitFor(ExpectedConditions.invisibilityOfElementLocated(testId("ops-overlay")), OPERATION);
            editor.waitFor(ExpectedConditions.elementToBeClickable(catalog.editButton()));
        }

        Api.Response engine = Api.as("viewer", "viewer").get("/api/catalog/engines/" + f.engineId());
        assertThat(engine.json().get("powerHp").asInt()).as("the refused edit changed nothing").isEqualTo(150);
    }
}
