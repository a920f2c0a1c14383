package io.backstop.system;

import static io.backstop.system.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.backstop.stack.GatewayClient;

/** The catalog editor's answers to bad input and to a concurrent change, and what a viewer is offered. */
@ExtendWith(RunningStack.class)
class CatalogEditingBrowserIT {

    @Test
    void aRefusedFieldShowsTheApiMessageUnderThatFieldAndNothingIsSaved() {
        EditAndRollbackBrowserIT.Fixture f =
                EditAndRollbackBrowserIT.Fixture.engine("Validation Motors " + suffix(), 160);
        try (Browser browser = Browser.open()) {
            browser.login("editor", "editor");
            new CatalogScreen(browser).openEngine(f.brandName(), f.brandId(), f.modelId(), f.engineId());
            browser.click(testId("edit-document"));
            browser.type(testId("field-powerHp"), "99999");
            browser.click(testId("edit-save"));

            WebElement error = browser.visible(testId("error-powerHp"));
            assertThat(error.getText()).isNotBlank();
            assertThat(browser.visible(testId("field-powerHp")).getAttribute("aria-invalid"))
                    .isEqualTo("true");
            assertThat(browser.visible(testId("field-powerHp")).getAttribute("aria-describedby"))
                    .isEqualTo(error.getAttribute("id"));
            assertThat(browser.all(testId("edit-dialog")))
                    .as("the dialog stays open with the user's input")
                    .isNotEmpty();
        }
        GatewayClient.Response engine = Api.as("viewer", "viewer").get("/api/catalog/engines/" + f.engineId());
        assertThat(engine.json().get("powerHp").asInt()).isEqualTo(160);
        assertThat(engine.json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void whenSomeoneElseSavedFirstTheDialogShowsWhatTheyChangedAndReloadsTheirVersion() {
        EditAndRollbackBrowserIT.Fixture f =
                EditAndRollbackBrowserIT.Fixture.engine("Conflict Motors " + suffix(), 170);
        try (Browser browser = Browser.open().withoutLiveEvents()) {
            browser.login("editor", "editor");
            new CatalogScreen(browser).openEngine(f.brandName(), f.brandId(), f.modelId(), f.engineId());
            browser.click(testId("edit-document"));
            browser.type(testId("field-torqueNm"), "333");

            // meanwhile another client changes the engine
            GatewayClient.Response other = Api.as("admin", "admin")
                    .put(
                            "/api/catalog/engines/" + f.engineId(),
                            Map.of(
                                    "modelId",
                                    f.modelId(),
                                    "name",
                                    "2.0 TFSI",
                                    "fuel",
                                    "petrol",
                                    "powerHp",
                                    181,
                                    "torqueNm",
                                    320,
                                    "version",
                                    1));
            assertThat(other.status()).as(other.toString()).isEqualTo(200);

            browser.click(testId("edit-save"));
            WebElement conflict = browser.visible(testId("conflict"));
            assertThat(conflict.getAttribute("data-cause"))
                    .as("the server's 409 told it")
                    .isEqualTo("saved");
            assertThat(conflict.getText())
                    .contains("saved this engine first")
                    .contains("version 2")
                    .contains("admin");
            assertThat(browser.visible(testId("field-powerHp")).getAttribute("value"))
                    .as("theirs, merged")
                    .isEqualTo("181");
            assertThat(browser.visible(testId("field-torqueNm")).getAttribute("value"))
                    .as("mine, kept")
                    .isEqualTo("333");
            // what they changed is the server's diff, fetched from the audit trail once it has recorded their version
            WebElement row = browser.visible(
                    By.cssSelector("[data-testid='conflict'] [data-testid='change-row'][data-path='powerHp']"));
            assertThat(row.findElement(testId("change-from")).getText()).isEqualTo("170");
            assertThat(row.findElement(testId("change-to")).getText()).isEqualTo("181");

            browser.click(testId("conflict-reload"));
            browser.waitFor(ExpectedConditions.invisibilityOfElementLocated(testId("conflict")));
            assertThat(browser.visible(testId("field-powerHp")).getAttribute("value"))
                    .isEqualTo("181");
            assertThat(browser.visible(testId("field-torqueNm")).getAttribute("value"))
                    .isEqualTo("320");
        }
        assertThat(Api.as("viewer", "viewer")
                        .get("/api/catalog/engines/" + f.engineId())
                        .json()
                        .get("powerHp")
                        .asInt())
                .as("the stale save wrote nothing")
                .isEqualTo(181);
    }

    /**
     * Issue 13, point 1: A changes the torque and a stage's price, B (form already open) the displacement and the same
     * stage's hp. B's form learns it is stale before B saves, takes A's fields and keeps B's, and B's save records
     * only B's own changes: A's torque is not written back to what B once saw.
     */
    @Test
    void twoEditorsChangingDifferentFieldsEachKeepTheirChange() {
        EditAndRollbackBrowserIT.Fixture f = EditAndRollbackBrowserIT.Fixture.engine("Merge Motors " + suffix(), 170);
        try (Browser a = Browser.open();
                Browser b = Browser.open()) {
            a.login("admin", "admin");
            b.login("editor", "editor");
            new CatalogScreen(a).openEngine(f.brandName(), f.brandId(), f.modelId(), f.engineId());
            new CatalogScreen(b).openEngine(f.brandName(), f.brandId(), f.modelId(), f.engineId());
            b.click(testId("edit-document"));
            b.type(testId("field-displacementCc"), "1998");
            b.type(testId("stage-0-powerHp"), "215");

            a.click(testId("edit-document"));
            a.type(testId("field-torqueNm"), "345");
            a.type(testId("stage-0-priceEur"), "650");
            a.click(testId("edit-save"));
            a.waitFor(ExpectedConditions.invisibilityOfElementLocated(testId("edit-dialog")));

            // B has not pressed anything: the open form says it went stale, shows A's diff and has merged already
            WebElement banner = b.visible(testId("conflict"));
            assertThat(banner.getAttribute("data-cause")).isEqualTo("changed");
            assertThat(banner.getText())
                    .contains("changed since you opened it")
                    .contains("version 2")
                    .contains("admin");
            WebElement torque = b.visible(
                    By.cssSelector("[data-testid='conflict'] [data-testid='change-row'][data-path='torqueNm']"));
            assertThat(torque.findElement(testId("change-from")).getText()).isEqualTo("320");
            assertThat(torque.findElement(testId("change-to")).getText()).isEqualTo("345");
            assertThat(b.visible(testId("merge-taken")).getText())
                    .contains("Torque (Nm)")
                    .contains("Stage 1 €");
            assertThat(b.visible(testId("merge-kept")).getText())
                    .contains("Displacement (cc)")
                    .contains("Stage 1 hp");
            assertThat(b.all(testId("merge-conflict"))).isEmpty();
            assertThat(b.visible(testId("field-torqueNm")).getAttribute("value"))
                    .isEqualTo("345");
            assertThat(b.visible(testId("field-displacementCc")).getAttribute("value"))
                    .isEqualTo("1998");
            assertThat(b.visible(testId("stage-0-powerHp")).getAttribute("value"))
                    .isEqualTo("215");
            assertThat(b.visible(testId("stage-0-priceEur")).getAttribute("value"))
                    .isEqualTo("650");
            b.screenshot("merge-after-concurrent-edit");

            // a reason beyond Latin-1, which a browser can only send in the header's RFC 8187 form (point 9)
            b.type(testId("change-reason"), "Bohrung vermessen ✓");
            b.click(testId("edit-save"));
            b.waitFor(ExpectedConditions.invisibilityOfElementLocated(testId("edit-dialog")));
        }
        GatewayClient editor = Api.as("editor", "editor");
        var engine = editor.get("/api/catalog/engines/" + f.engineId()).json();
        assertThat(engine.get("version").asLong()).isEqualTo(3);
        assertThat(engine.get("torqueNm").asInt()).isEqualTo(345);
        assertThat(engine.get("displacementCc").asInt()).isEqualTo(1998);
        assertThat(engine.get("stages").get(0).get("powerHp").asInt()).isEqualTo(215);
        assertThat(engine.get("stages").get(0).get("priceEur").asInt()).isEqualTo(650);
        // B's entry in the history changes B's fields only
        var entry = History.entries(editor, "engines", f.engineId(), 3, java.time.Duration.ofSeconds(30))
                .get(2);
        assertThat(entry.get("changedBy").asString()).isEqualTo("editor");
        assertThat(entry.get("reason").asString()).isEqualTo("Bohrung vermessen ✓");
        assertThat(entry.get("changes").findValuesAsString("path"))
                .containsExactlyInAnyOrder("displacementCc", "stages[0].powerHp");
    }

    /** Issue 13, point 1: a field both changed shows both values, and the save waits for an explicit choice. */
    @Test
    void whenBothChangedTheSameFieldTheEditorChoosesBeforeAnythingIsSaved() {
        EditAndRollbackBrowserIT.Fixture f = EditAndRollbackBrowserIT.Fixture.engine("Choice Motors " + suffix(), 170);
        try (Browser browser = Browser.open()) {
            browser.login("editor", "editor");
            new CatalogScreen(browser).openEngine(f.brandName(), f.brandId(), f.modelId(), f.engineId());
            browser.click(testId("edit-document"));
            browser.type(testId("field-torqueNm"), "360");

            GatewayClient.Response other = Api.as("admin", "admin")
                    .put(
                            "/api/catalog/engines/" + f.engineId(),
                            Map.of(
                                    "modelId",
                                    f.modelId(),
                                    "name",
                                    "2.0 TFSI",
                                    "fuel",
                                    "petrol",
                                    "powerHp",
                                    170,
                                    "torqueNm",
                                    345,
                                    "displacementCc",
                                    1984,
                                    "stages",
                                    List.of(Map.of("stage", 1, "powerHp", 210, "torqueNm", 380, "priceEur", 590)),
                                    "version",
                                    1));
            assertThat(other.status()).as(other.toString()).isEqualTo(200);

            // no click needed: the open form hears of the change and merges; the field both changed waits for a choice
            WebElement choice = browser.visible(By.cssSelector("[data-testid='merge-conflict'][data-path='torqueNm']"));
            assertThat(choice.getText())
                    .contains("Torque (Nm)")
                    .contains("Theirs: 345")
                    .contains("Yours: 360");
            assertThat(browser.visible(testId("edit-save")).isEnabled())
                    .as("nothing is saved before the choice")
                    .isFalse();
            choice.findElement(testId("merge-use-theirs")).click();
            browser.waitFor(ExpectedConditions.attributeToBe(testId("field-torqueNm"), "value", "345"));
            browser.visible(By.cssSelector("[data-testid='merge-conflict'][data-path='torqueNm']"))
                    .findElement(testId("merge-use-mine"))
                    .click();
            browser.waitFor(ExpectedConditions.attributeToBe(testId("field-torqueNm"), "value", "360"));
            assertThat(browser.visible(testId("merge-next")).getText()).contains("on top of version 2");
            browser.click(testId("edit-save"));
            browser.waitFor(ExpectedConditions.invisibilityOfElementLocated(testId("edit-dialog")));
        }
        var engine = Api.as("viewer", "viewer")
                .get("/api/catalog/engines/" + f.engineId())
                .json();
        assertThat(engine.get("torqueNm").asInt()).isEqualTo(360);
        assertThat(engine.get("version").asLong()).isEqualTo(3);
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

    @Test
    void aLongListShowsItsFirstPageAndLoadsMoreUntilTheLastAndADocumentSaysWhoCreatedIt() {
        GatewayClient editor = Api.as("editor", "editor");
        String brandName = "Paging Motors " + suffix();
        GatewayClient.Response brand = editor.post("/api/catalog/brands", Map.of("name", brandName));
        assertThat(brand.status()).as(brand.toString()).isEqualTo(201);
        String brandId = brand.json().get("id").asString();
        List<String> models = new java.util.ArrayList<>();
        for (int i = 1; i <= 23; i++) {
            GatewayClient.Response model = editor.post(
                    "/api/catalog/models",
                    Map.of("brandId", brandId, "name", String.format("P%02d", i), "yearFrom", 2000 + i));
            assertThat(model.status()).as(model.toString()).isEqualTo(201);
            models.add(model.json().get("id").asString());
        }

        try (Browser browser = Browser.open()) {
            browser.login("viewer", "viewer");
            browser.click(testId("nav-catalog"));
            browser.type(testId("search-brands"), brandName);
            browser.click(testId("item-brands", "data-id", brandId));
            browser.waitFor(ExpectedConditions.textToBe(testId("count-models"), "20 of 23"));
            assertThat(browser.all(testId("item-models"))).hasSize(20);

            browser.click(testId("more-models"));
            browser.waitFor(ExpectedConditions.textToBe(testId("count-models"), "23 of 23"));
            assertThat(browser.all(testId("item-models")))
                    .extracting(e -> e.getAttribute("data-id"))
                    .as("every model once, in the list's order")
                    .containsExactlyElementsOf(models);
            assertThat(browser.all(testId("more-models")))
                    .as("no more after the last page")
                    .isEmpty();

            browser.click(testId("item-models", "data-id", models.get(22)));
            browser.waitFor(ExpectedConditions.attributeToBe(testId("detail"), "data-id", models.get(22)));
            assertThat(browser.visible(testId("detail-created")).getText()).startsWith("Created by editor");
            assertThat(browser.visible(testId("detail-last-change")).getText()).startsWith("Last create by editor");
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
