package io.backstop.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
