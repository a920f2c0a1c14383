package io.backstop.system;

import static io.backstop.system.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Issue 18: the change history shows admins whether the trail verified and when, with a button to verify now. */
@ExtendWith(RunningStack.class)
class TrailStatusBrowserIT {

    @Test
    void anAdminSeesTheTrailVerifiedAndVerifiesAgain() {
        try (Browser browser = Browser.open()) {
            browser.login("admin", "admin");
            browser.click(testId("nav-backups"));
            browser.click(testId("tab-history"));
            browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(testId("trail-status-text"), "intact"));
            assertThat(browser.visible(testId("trail-status-text")).getText()).startsWith("Trail verified at");

            browser.click(testId("trail-verify"));
            browser.waitFor(ExpectedConditions.elementToBeClickable(testId("trail-verify")));
            assertThat(browser.visible(testId("trail-status-text")).getText()).startsWith("Trail verified at").contains("intact");
        }
    }

    @Test
    void aViewerSeesNoTrailStatus() {
        try (Browser browser = Browser.open()) {
            browser.login("viewer", "viewer");
            browser.click(testId("nav-backups"));
            browser.click(testId("tab-history"));
            browser.visible(testId("history-count"));
            assertThat(browser.all(testId("trail-status"))).isEmpty();
        }
    }
}
