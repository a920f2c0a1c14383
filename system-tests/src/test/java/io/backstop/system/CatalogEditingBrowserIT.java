package io.backstop.system;

import io.backstop.stack.GatewayClient;
import static io.backstop.system.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The catalog editor's answers to bad input and to a concurrent change, and what a viewer is offered. */
@ExtendWith(RunningStack.class)
class CatalogEditingBrowserIT {

    @Test
    void aRefusedFieldShowsTheApiMessageUnderThatFieldAndNothingIsSaved() {
        EditAndRollbackBrowserIT.Fixture f = EditAndRollbackBrowserIT.Fixture.engine("Validation Motors " + suffix(), 160);
        try (Browser browser = Browser.open()) {
            browser.login("editor", "editor");
            new CatalogScreen(browser).openEngine(f.brandName(), f.brandId(), f.modelId(), f.engineId());
            browser.click(testId("edit-document"));
            browser.type(testId("field-powerHp"), "99999");
            browser.click(testId("edit-save"));

            WebElement error = browser.visible(testId("error-powerHp"));
            assertThat(error.getText()).isNotBlank();
            assertThat(browser.visible(testId("field-powerHp")).getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(browser.visible(testId("field-powerHp")).getAttribute("aria-describedby")).isEqualTo(error.getAttribute("id"));
            assertThat(browser.all(testId("edit-dialog"))).as("the dialog stays open with the user's input").isNotEmpty();
        }
        GatewayClient.Response engine = Api.as("viewer", "viewer").get("/api/catalog/engines/" + f.engineId());
        assertThat(engine.json().get("powerHp").asInt()).isEqualTo(160);
        assertThat(engine.json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void whenSomeoneElseSavedFirstTheDialogShowsWhatTheyChangedAndReloadsTheirVersion() {
        EditAndRollbackBrowserIT.Fixture f = EditAndRollbackBrowserIT.Fixture.engine("Conflict Motors " + suffix(), 170);
        try (Browser browser = Browser.open()) {
            browser.login("editor", "editor");
            new CatalogScreen(browser).openEngine(f.brandName(), f.brandId(), f.modelId(), f.engineId());
            browser.click(testId("edit-document"));
            browser.type(testId("field-torqueNm"), "333");

            // meanwhile another client changes the engine
            GatewayClient.Response other = Api.as("admin", "admin").put("/api/catalog/engines/" + f.engineId(), Map.of(
                    "modelId", f.modelId(), "name", "2.0 TFSI", "fuel", "petrol", "powerHp", 181, "torqueNm", 320,
                    "version", 1));
            assertThat(other.status()).as(other.toString()).isEqualTo(200);

            browser.click(testId("edit-save"));
            WebElement conflict = browser.visible(testId("conflict"));
            assertThat(conflict.getText()).contains("version 2").contains("admin");
            WebElement row = conflict.findElement(By.cssSelector("[data-testid='change-row'][data-path='powerHp']"));
            assertThat(row.findElement(testId("change-from")).getText()).isEqualTo("170");
            assertThat(row.findElement(testId("change-to")).getText()).isEqualTo("181");

            browser.click(testId("conflict-reload"));
            browser.waitFor(ExpectedConditions.invisibilityOfElementLocated(testId("conflict")));
            assertThat(browser.visible(testId("field-powerHp")).getAttribute("value")).isEqualTo("181");
            assertThat(browser.visible(testId("field-torqueNm")).getAttribute("value")).isEqualTo("320");
        }
        assertThat(Api.as("viewer", "viewer").get("/api/catalog/engines/" + f.engineId()).json().get("powerHp").asInt())
                .as("the stale save wrote nothing").isEqualTo(181);
    }

    @Test
    void aViewerIsOfferedNoWriteAction() {
        EditAndRollbackBrowserIT.Fixture f = EditAndRollbackBrowserIT.Fixture.engine("Viewer Motors " + suffix(), 140);
        try (Browser browser = Browser.open()) {
            browser.login("viewer", "viewer");
            new CatalogScreen(browser).openEngine(f.brandName(), f.brandId(), f.modelId(), f.engineId());
            assertThat(browser.all(testId("edit-document"))).isEmpty();
            assertThat(browser.all(testId("delete-document"))).isEmpty();
            assertThat(browser.all(testId("create-engines"))).isEmpty();
            browser.click(testId("nav-backups"));
            browser.visible(testId("refresh-backups"));
            assertThat(browser.all(testId("create-backup"))).isEmpty();
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
