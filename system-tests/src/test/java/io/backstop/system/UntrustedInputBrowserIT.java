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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import io.backstop.stack.GatewayClient;

/**
 * Issue 14, points 9 to 11 in a real browser: the UI does not let its address steer its requests, offers a viewer
 * no action the server will refuse, and runs under its Content-Security-Policy with nothing blocked that it needs.
 */
@ExtendWith(RunningStack.class)
class UntrustedInputBrowserIT {

    /** The address: the collection climbs out of /api/audit and appends a query. */
    private static final String TRAVERSAL = "#/backups/history?collection=..%2Fbackups%2Fschedules%3F&documentId=x";

    @Test
    void historyAddressNamingNoCollectionShowsWhyAndRequestsNothing() {
        try (Browser viewer = Browser.open()) {
            viewer.login("viewer", "viewer");
            viewer.go(TRAVERSAL);
            viewer.driver().navigate().refresh();

            WebElement problem = viewer.visible(testId("history-address-problem"));
            assertThat(problem.getText()).contains("“../backups/schedules?”").contains("brands, models, engines");
            assertThat(viewer.all(testId("document-history"))).isEmpty();
            // the page is settled (its own calls are made) when the lock state is in
            viewer.waitFor(d -> viewer.requestedUrls().stream().anyMatch(u -> u.endsWith("/api/ops/lock")));
            assertThat(viewer.requestedUrls())
                    .noneMatch(u -> u.contains("/api/backups/schedules"))
                    .noneMatch(u -> u.contains("/api/audit/"));
        }
    }

    @Test
    void catalogAddressWithADotSegmentIdShowsWhyAndRequestsNothing() {
        try (Browser viewer = Browser.open()) {
            viewer.login("viewer", "viewer");
            viewer.go("#/catalog?brand=..");
            viewer.driver().navigate().refresh();

            WebElement detail = viewer.visible(testId("detail"));
            viewer.waitFor(d -> detail.getText().contains("which no document can have"));
            assertThat(viewer.requestedUrls())
                    .noneMatch(u -> u.endsWith("/api/catalog/") || u.contains("/api/catalog/brands/"));
        }
    }

    @Test
    void viewerIsOfferedNoVerifyButtonWhileAnAdminIs() {
        GatewayClient admin = Api.as("admin", "admin");
        String description = "verify button " + UUID.randomUUID();
        GatewayClient.Response started = admin.post("/api/backups", Map.of("description", description));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String backup = started.json().get("id").asString();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> "completed"
                        .equals(admin.get("/api/backups/" + backup)
                                .json()
                                .get("status")
                                .asString()));
        By row = By.cssSelector("[data-testid='backup-row'][data-id='" + backup + "']");

        try (Browser viewer = Browser.open();
                Browser adminSession = Browser.open()) {
            viewer.login("viewer", "viewer");
            viewer.click(testId("nav-backups"));
            WebElement viewersRow = viewer.visible(row);
            viewer.visible(By.cssSelector(
                    "[data-testid='backup-row'][data-id='" + backup + "'] [data-testid='compare-backup']"));
            assertThat(viewersRow.findElements(testId("verify-backup"))).isEmpty();

            adminSession.login("admin", "admin");
            adminSession.click(testId("nav-backups"));
            adminSession.visible(By.cssSelector(
                    "[data-testid='backup-row'][data-id='" + backup + "'] [data-testid='verify-backup']"));
        }
    }

    @Test
    void uiRunsUnderItsContentSecurityPolicyWhichBlocksInlineScript() {
        try (Browser admin = Browser.open().recordingCspViolations()) {
            admin.login("admin", "admin");
            admin.visible(testId("item-brands")).click();
            admin.visible(testId("detail-version"));
            admin.click(testId("nav-backups"));
            admin.visible(testId("refresh-backups"));
            admin.click(testId("tab-history"));
            admin.visible(testId("history-filters"));
            admin.waitFor(d -> !admin.all(testId("history-entries")).isEmpty()
                    || !admin.all(testId("history-empty")).isEmpty());
            assertThat(admin.cspViolations())
                    .as("the UI needs nothing its policy blocks")
                    .isEmpty();

            JavascriptExecutor page = (JavascriptExecutor) admin.driver();
            Object policy = page.executeAsyncScript(
                    "const done = arguments[0]; fetch('/').then((r) => done(r.headers.get('content-security-policy')))");
            assertThat(String.valueOf(policy)).contains("default-src 'self'").contains("frame-ancestors 'none'");
            page.executeScript(
                    "const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true';"
                            + " document.head.appendChild(s);");
            admin.waitFor(d -> !admin.cspViolations().isEmpty());
            assertThat(page.executeScript("return window.__inlineRan === true")).isEqualTo(false);
            assertThat(admin.cspViolations()).containsExactly("script-src-elem blocked inline");
        }
    }
}
