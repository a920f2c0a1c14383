package io.backstop.system;

import static io.backstop.system.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.backstop.stack.GatewayClient;

/** Issue 5, third "done when": filter the change history and download the CSV of exactly that view. */
@ExtendWith(RunningStack.class)
class HistoryExportBrowserIT {

    private static final Duration PIPELINE = Duration.ofSeconds(30);

    @Test
    void filteredHistoryDownloadsAsCsvOfTheSameFilter() throws IOException {
        EditAndRollbackBrowserIT.Fixture f = EditAndRollbackBrowserIT.Fixture.engine(
                "Export Motors " + UUID.randomUUID().toString().substring(0, 6), 120);
        GatewayClient editor = Api.as("editor", "editor");
        GatewayClient.Response update = editor.put(
                "/api/catalog/engines/" + f.engineId(),
                Map.of(
                        "modelId",
                        f.modelId(),
                        "name",
                        "2.0 TFSI",
                        "fuel",
                        "petrol",
                        "powerHp",
                        135,
                        "torqueNm",
                        320,
                        "version",
                        1));
        assertThat(update.status()).as(update.toString()).isEqualTo(200);

        try (Browser browser = Browser.open()) {
            browser.login("viewer", "viewer");
            browser.click(testId("nav-backups"));
            browser.click(testId("tab-history"));
            new Select(browser.visible(testId("filter-collection"))).selectByValue("engines");
            new Select(browser.visible(testId("filter-action"))).selectByValue("update");
            browser.type(testId("filter-user"), "editor");
            browser.type(testId("filter-field"), "powerHp");
            browser.type(testId("filter-document"), f.engineId());
            browser.click(testId("filter-apply"));

            WebElement entry = browser.waitReloading(
                    By.cssSelector("[data-testid='history-entry'][data-document-id='" + f.engineId() + "']"), PIPELINE);
            assertThat(entry.getAttribute("data-action")).isEqualTo("update");
            List<WebElement> shown = browser.all(testId("history-entry"));
            assertThat(shown)
                    .allSatisfy(e -> assertThat(e.getAttribute("data-action")).isEqualTo("update"));
            assertThat(shown).hasSize(1);

            String href = browser.visible(testId("export-csv")).getAttribute("href");
            assertThat(href)
                    .contains("collection=engines")
                    .contains("action=update")
                    .contains("changedBy=editor")
                    .contains("field=powerHp")
                    .contains("documentId=" + f.engineId());
            browser.click(testId("export-csv"));

            Path csv = browser.waitFor(d -> downloaded(browser.downloads()), PIPELINE);
            try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                List<CSVRecord> rows = CSVFormat.RFC4180
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get()
                        .parse(reader)
                        .getRecords();
                assertThat(rows).isNotEmpty().allSatisfy(r -> {
                    assertThat(r.get("collection")).isEqualTo("engines");
                    assertThat(r.get("action")).isEqualTo("update");
                    assertThat(r.get("changedBy")).isEqualTo("editor");
                    assertThat(r.get("documentId")).isEqualTo(f.engineId());
                });
                assertThat(rows).anySatisfy(r -> {
                    assertThat(r.get("path")).isEqualTo("powerHp");
                    assertThat(r.get("from")).isEqualTo("120");
                    assertThat(r.get("to")).isEqualTo("135");
                });
            }
        }
    }

    /** The finished download, once Chromium has renamed it from its .crdownload. */
    private static Path downloaded(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".csv"))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
