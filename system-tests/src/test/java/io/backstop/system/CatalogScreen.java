package io.backstop.system;

import static io.backstop.system.Browser.testId;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The catalog editor as a user drives it: search a brand, pick its model, pick an engine, edit it. */
final class CatalogScreen {

    private final Browser browser;

    CatalogScreen(Browser browser) {
        this.browser = browser;
    }

    /** Opens brand → model → engine by clicking through the three lists; the engine's details are then shown. */
    CatalogScreen openEngine(String brandName, String brandId, String modelId, String engineId) {
        browser.click(testId("nav-catalog"));
        browser.type(testId("search-brands"), brandName);
        browser.click(testId("item-brands", "data-id", brandId));
        browser.click(testId("item-models", "data-id", modelId));
        browser.click(testId("item-engines", "data-id", engineId));
        browser.waitFor(ExpectedConditions.attributeToBe(testId("detail"), "data-id", engineId));
        browser.visible(testId("detail-version"));
        return this;
    }

    String shown(String field) {
        return browser.visible(testId("detail-" + field)).getText();
    }

    /** Opens the edit dialog, replaces one field's value, saves, and waits for the dialog to close. */
    void edit(String field, String value, String reason) {
        browser.click(testId("edit-document"));
        browser.visible(testId("edit-dialog"));
        browser.type(testId("field-" + field), value);
        browser.type(testId("change-reason"), reason);
        browser.click(testId("edit-save"));
        browser.waitFor(ExpectedConditions.invisibilityOfElementLocated(testId("edit-dialog")));
        browser.waitFor(ExpectedConditions.textToBe(testId("detail-" + field), value));
    }

    void openHistory() {
        browser.click(testId("open-history"));
        browser.visible(testId("document-history"));
    }

    By editButton() {
        return testId("edit-document");
    }
}
