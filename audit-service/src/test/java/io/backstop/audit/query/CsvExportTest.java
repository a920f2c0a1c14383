package io.backstop.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.backstop.audit.store.AuditEntry;
import io.backstop.contracts.Actions;

class CsvExportTest {

    @Test
    void cellsAFormulaWouldStartWithAreDefused() {
        assertThat(CsvExport.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(CsvExport.cell("+49 30")).isEqualTo("'+49 30");
        assertThat(CsvExport.cell("-2")).isEqualTo("'-2");
        assertThat(CsvExport.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvExport.cell("V8")).isEqualTo("V8");
        assertThat(CsvExport.cell(null)).isEmpty();
    }

    @Test
    void aFormulaAfterLeadingWhitespaceOrLineBreaksIsDefused() {
        assertThat(CsvExport.cell("\n=1+1")).isEqualTo("'\n=1+1");
        assertThat(CsvExport.cell(" =1+1")).isEqualTo("' =1+1");
        assertThat(CsvExport.cell("\r\n\t @SUM(A1)")).isEqualTo("'\r\n\t @SUM(A1)");
        assertThat(CsvExport.cell("\u3000+1")).as("ideographic space").isEqualTo("'\u3000+1");
        assertThat(CsvExport.cell("\u00a0-1")).as("no-break space").isEqualTo("'\u00a0-1");
        assertThat(CsvExport.cell("  V8")).isEqualTo("  V8");
    }

    @Test
    void fullwidthFormulaSignsAreDefusedLikeTheirAsciiForms() {
        assertThat(CsvExport.cell("＝1+1")).isEqualTo("'＝1+1");
        assertThat(CsvExport.cell("＋1")).isEqualTo("'＋1");
        assertThat(CsvExport.cell("－1")).isEqualTo("'－1");
        assertThat(CsvExport.cell("＠SUM(A1)")).isEqualTo("'＠SUM(A1)");
        assertThat(CsvExport.cell(" ＝1+1")).isEqualTo("' ＝1+1");
    }

    @Test
    void everyCellWithASeparatorOfACommonLocaleIsQuoted() throws Exception {
        String csv = export(entry("x;=1+1"), entry("a,b"), entry("plain"));

        assertThat(csv).contains(",\"x;=1+1\",").doesNotContain(",x;=1+1");
        assertThat(csv).contains(",\"a,b\",");
        assertThat(csv).contains(",plain,").doesNotContain("\"plain\"");
    }

    @Test
    void theIssuesExamplesComeOutDefusedInTheFile() throws Exception {
        String csv = export(entry("\n=1+1"), entry(" =1+1"), entry("＝1+1"), entry("x;=1+1"));

        assertThat(csv)
                .contains(",\"'\n=1+1\",")
                .contains(",' =1+1,")
                .contains(",'＝1+1,")
                .contains(",\"x;=1+1\",");
    }

    private static AuditEntry entry(String reason) {
        return new AuditEntry(
                "brands:b1:0000000001",
                "brands",
                "b1",
                1,
                Actions.UPDATE,
                null,
                null,
                List.of(),
                "editor",
                Instant.parse("2026-12-07T10:00:00Z"),
                reason,
                "req-1",
                null,
                null,
                null);
    }

    private static String export(AuditEntry... entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvExport csv = new CsvExport(out);
        for (AuditEntry e : entries) {
            csv.write(e);
        }
        csv.finish();
        return out.toString(StandardCharsets.UTF_8);
    }
}
