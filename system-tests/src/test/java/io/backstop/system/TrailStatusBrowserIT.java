package io.backstop.system;

import static io.backstop.system.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.ExpectedConditions;

import tools.jackson.databind.JsonNode;

/** Issue 18: the change history shows admins whether the trail verified and when, with a button to verify now. */
@ExtendWith(RunningStack.class)
class TrailStatusBrowserIT {

    /**
     * The shared stack's trail is whatever the suite left: CaptureReplayIT rebuilds part of it by deleting entries,
     * which the chain rightly reports. So the page must say what the API says, intact or naming the broken entry.
     */
    @Test
    void anAdminSeesTheTrailVerifiedAndVerifiesAgain() {
        try (Browser browser = Browser.open()) {
            browser.login("admin", "admin");
            browser.click(testId("nav-backups"));
            browser.click(testId("tab-history"));
            browser.waitFor(
                    ExpectedConditions.textToBePresentInElementLocated(testId("trail-status-text"), "verified at"));

            browser.click(testId("trail-verify"));
            browser.waitFor(ExpectedConditions.elementToBeClickable(testId("trail-verify")));
            JsonNode verified =
                    Api.as("admin", "admin").get("/api/audit/verify").json();
            String shown = browser.visible(testId("trail-status-text")).getText();
            if (verified.get("ok").asBoolean()) {
                assertThat(shown).startsWith("Trail verified at").contains("intact");
            } else {
                assertThat(shown)
                        .startsWith("Trail broken")
                        .contains(verified.get("brokenLink").get("id").asString());
            }
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
