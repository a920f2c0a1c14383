package io.backstop.system;

import static io.backstop.system.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.backstop.stack.GatewayClient;

/** Issue 5, first "done when": an editor edits an engine, sees the field diff in Change history and rolls it back. */
@ExtendWith(RunningStack.class)
class EditAndRollbackBrowserIT {

    private static final Duration PIPELINE = Duration.ofSeconds(30);

    @Test
    void editorEditsAnEngineSeesTheFieldDiffAndRollsBackToThePreviousVersion() {
        Fixture f =
                Fixture.engine("Rollback Motors " + UUID.randomUUID().toString().substring(0, 6), 190);

        try (Browser browser = Browser.open()) {
            browser.login("editor", "editor");
            assertThat(browser.visible(testId("current-role")).getText()).isEqualTo("editor");
            CatalogScreen catalog =
                    new CatalogScreen(browser).openEngine(f.brandName(), f.brandId(), f.modelId(), f.engineId());
            assertThat(catalog.shown("powerHp")).isEqualTo("190");

            // ✓ is above U+00FF, which a browser cannot put in a plain header: the UI sends X-Change-Reason*
            catalog.edit("powerHp", "215", "Prüfstand ✓ dyno run after the ECU swap");
            assertThat(catalog.shown("version")).isEqualTo("v2");
            browser.screenshot("catalog");

            // the change arrives in the history through capture → Kafka → audit-service
            catalog.openHistory();
            WebElement update = browser.waitReloading(
                    By.cssSelector("[data-testid='history-entry'][data-action='update']"), PIPELINE);
            WebElement row = update.findElement(By.cssSelector("[data-testid='change-row'][data-path='powerHp']"));
            assertThat(row.findElement(testId("change-from")).getText()).isEqualTo("190");
            assertThat(row.findElement(testId("change-to")).getText()).isEqualTo("215");
            assertThat(update.getText())
                    .contains("Prüfstand ✓ dyno run after the ECU swap")
                    .contains("editor");
            assertThat(update.findElement(testId("action-badge")).getCssValue("background-color"))
                    .as("updates are blue")
                    .isEqualTo("rgba(228, 237, 251, 1)");
            browser.screenshot("change-history-diff");
            assertThat(browser.narrow(390, 844))
                    .as("no sideways scrolling on a 390 px screen")
                    .isLessThanOrEqualTo(390);
            browser.screenshot("change-history-390px");
            browser.narrow(1280, 800);

            // roll back to version 1, after the preview shows what it will change
            browser.click(testId("rollback-open", "data-version", "1"));
            browser.visible(testId("rollback-dialog"));
            WebElement preview =
                    browser.visible(By.cssSelector("[data-testid='rollback-changes'] [data-path='powerHp']"));
            assertThat(preview.findElement(testId("change-from")).getText()).isEqualTo("215");
            assertThat(preview.findElement(testId("change-to")).getText()).isEqualTo("190");
            browser.type(testId("rollback-reason"), "the dyno was miscalibrated");
            browser.click(testId("rollback-confirm"));
            browser.waitFor(ExpectedConditions.invisibilityOfElementLocated(testId("rollback-dialog")));

            WebElement rollback = browser.waitReloading(
                    By.cssSelector("[data-testid='history-entry'][data-action='rollback']"), PIPELINE);
            assertThat(rollback.getAttribute("data-version")).isEqualTo("3");
            assertThat(rollback.getText()).contains("back to v1").contains("the dyno was miscalibrated");
        }

        GatewayClient.Response engine = Api.as("viewer", "viewer").get("/api/catalog/engines/" + f.engineId());
        assertThat(engine.json().get("powerHp").asInt()).isEqualTo(190);
        assertThat(engine.json().get("version").asLong()).isEqualTo(3);
    }

    /**
     * Issue 13: saving a form unchanged says "Nothing changed" and makes no version; a rollback previewed before
     * someone else saved is refused with what changed, and their change stays.
     */
    @Test
    void noOpSaveSaysNothingChangedAndARollbackPreviewedBeforeAnotherSaveIsRefused() {
        Fixture f = Fixture.engine(
                "Precondition Motors " + UUID.randomUUID().toString().substring(0, 6), 190);

        try (Browser browser = Browser.open()) {
            browser.login("editor", "editor");
            CatalogScreen catalog =
                    new CatalogScreen(browser).openEngine(f.brandName(), f.brandId(), f.modelId(), f.engineId());
            browser.click(catalog.editButton());
            browser.visible(testId("edit-dialog"));
            browser.click(testId("edit-save"));
            browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(testId("toasts"), "Nothing changed"));
            assertThat(catalog.shown("version")).isEqualTo("v1");

            catalog.edit("powerHp", "215", "dyno");
            catalog.openHistory();
            browser.waitReloading(By.cssSelector("[data-testid='history-entry'][data-version='2']"), PIPELINE);
            browser.click(testId("rollback-open", "data-version", "1"));
            browser.visible(By.cssSelector("[data-testid='rollback-changes'] [data-path='powerHp']"));

            // someone else saves while the preview is open
            GatewayClient.Response theirs = Api.as("admin", "admin")
                    .put(
                            "/api/catalog/engines/" + f.engineId(),
                            Map.of(
                                    "version",
                                    2,
                                    "modelId",
                                    f.modelId(),
                                    "name",
                                    "2.0 TFSI",
                                    "fuel",
                                    "petrol",
                                    "powerHp",
                                    230,
                                    "torqueNm",
                                    320,
                                    "displacementCc",
                                    1984,
                                    "stages",
                                    List.of(Map.of("stage", 1, "powerHp", 230, "torqueNm", 380, "priceEur", 590))));
            assertThat(theirs.status()).as(theirs.toString()).isEqualTo(200);

            browser.click(testId("rollback-confirm"));
            WebElement refused =
                    browser.visible(By.cssSelector("[data-testid='rollback-dialog'] [data-testid='error-banner']"));
            assertThat(refused.getText()).contains("changed since version 2").contains("at version 3 now");
        }

        GatewayClient.Response engine = Api.as("viewer", "viewer").get("/api/catalog/engines/" + f.engineId());
        assertThat(engine.json().get("powerHp").asInt())
                .as("their change stays")
                .isEqualTo(230);
        assertThat(engine.json().get("version").asLong()).isEqualTo(3);
    }

    /**
     * Issue 16: the UI shows the server's diff, whose lists are aligned. Removing the first of three stages in the
     * form (the others move up a number) reads as one removal in the history, and the rollback preview as one
     * addition, not as every stage changed.
     */
    @Test
    void removingTheFirstOfThreeStagesIsOneRemovalInTheHistoryAndOneAdditionInTheRollbackPreview() {
        Fixture f =
                Fixture.engine("Stage Motors " + UUID.randomUUID().toString().substring(0, 6), 190, 3);

        try (Browser browser = Browser.open()) {
            browser.login("editor", "editor");
            CatalogScreen catalog =
                    new CatalogScreen(browser).openEngine(f.brandName(), f.brandId(), f.modelId(), f.engineId());
            browser.click(catalog.editButton());
            browser.visible(testId("edit-dialog"));
            browser.click(testId("stage-0-remove"));
            assertThat(browser.all(testId("stage-row"))).hasSize(2);
            assertThat(browser.visible(testId("stage-0-stage")).getAttribute("value"))
                    .as("renumbered")
                    .isEqualTo("1");
            assertThat(browser.visible(testId("stage-0-powerHp")).getAttribute("value"))
                    .as("the old stage 2")
                    .isEqualTo("260");
            browser.click(testId("edit-save"));
            browser.waitFor(ExpectedConditions.invisibilityOfElementLocated(testId("edit-dialog")));
            browser.waitFor(ExpectedConditions.textToBe(testId("detail-version"), "v2"));

            catalog.openHistory();
            WebElement update =
                    browser.waitReloading(By.cssSelector("[data-testid='history-entry'][data-version='2']"), PIPELINE);
            List<WebElement> rows = update.findElements(testId("change-row"));
            assertThat(rows).extracting(r -> r.getAttribute("data-path")).containsExactly("stages[0]");
            assertThat(rows.get(0).getAttribute("class")).contains("diff-removed");
            assertThat(rows.get(0).findElement(testId("change-from")).getText()).contains("230");
            assertThat(rows.get(0).findElement(testId("change-to")).getText()).isEqualTo("—");
            browser.screenshot("history-one-stage-removed");

            browser.click(testId("rollback-open", "data-version", "1"));
            browser.visible(By.cssSelector("[data-testid='rollback-changes'] [data-testid='change-row']"));
            List<WebElement> preview =
                    browser.all(By.cssSelector("[data-testid='rollback-changes'] [data-testid='change-row']"));
            assertThat(preview).extracting(r -> r.getAttribute("data-path")).containsExactly("stages[0]");
            assertThat(preview.get(0).getAttribute("class")).contains("diff-added");
        }
    }

    /** Issue 13, point 5: a script's write straight to the database is in the history, marked as such. */
    @Test
    void aWriteStraightToTheDatabaseIsMarkedAsChangedOutsideTheApi() {
        Fixture f =
                Fixture.engine("Script Motors " + UUID.randomUUID().toString().substring(0, 6), 150);
        try (MongoClient client = MongoClients.create(RunningStack.get().mongoConnectionString())) {
            client.getDatabase("catalog")
                    .getCollection("engines")
                    .updateOne(Filters.eq("_id", f.engineId()), Updates.set("powerHp", 165));
        }
        try (Browser browser = Browser.open()) {
            browser.login("viewer", "viewer");
            browser.go("#/backups/history?collection=engines&documentId=" + f.engineId());
            WebElement script = browser.waitReloading(
                    By.cssSelector("[data-testid='history-entry'][data-outside-api='true']"), PIPELINE);
            assertThat(script.findElement(testId("outside-api")).getText())
                    .as("a badge, shown in capitals")
                    .containsIgnoringCase("Changed outside the API");
            assertThat(script.getText()).contains("unknown");
            WebElement row = script.findElement(By.cssSelector("[data-testid='change-row'][data-path='powerHp']"));
            assertThat(row.findElement(testId("change-to")).getText()).isEqualTo("165");
            assertThat(browser.all(By.cssSelector(
                            "[data-testid='history-entry'][data-action='create'][data-outside-api='true']")))
                    .as("the API's own create is not marked")
                    .isEmpty();
        }
    }

    /** A brand, model and engine of its own, so the test does not depend on the demo data. */
    record Fixture(String brandName, String brandId, String modelId, String engineId) {

        static Fixture engine(String brandName, int powerHp) {
            return engine(brandName, powerHp, 1);
        }

        /** With {@code stages} tuning stages, stage n giving {@code powerHp + 10 + 30 n} hp. */
        static Fixture engine(String brandName, int powerHp, int stages) {
            GatewayClient editor = Api.as("editor", "editor");
            String brand = created(editor.post("/api/catalog/brands", Map.of("name", brandName)));
            String model = created(editor.post(
                    "/api/catalog/models", Map.of("brandId", brand, "name", "Model One", "yearFrom", 2020)));
            String engine = created(editor.post(
                    "/api/catalog/engines",
                    Map.of(
                            "modelId",
                            model,
                            "name",
                            "2.0 TFSI",
                            "fuel",
                            "petrol",
                            "powerHp",
                            powerHp,
                            "torqueNm",
                            320,
                            "displacementCc",
                            1984,
                            "stages",
                            IntStream.rangeClosed(1, stages)
                                    .mapToObj(n -> Map.of(
                                            "stage",
                                            n,
                                            "powerHp",
                                            powerHp + 10 + 30 * n,
                                            "torqueNm",
                                            380,
                                            "priceEur",
                                            590))
                                    .toList())));
            return new Fixture(brandName, brand, model, engine);
        }

        private static String created(GatewayClient.Response r) {
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            return r.json().get("id").asString();
        }
    }
}
