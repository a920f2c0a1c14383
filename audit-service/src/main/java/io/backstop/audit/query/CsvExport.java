package io.backstop.audit.query;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

import io.backstop.audit.store.AuditEntry;
import io.backstop.contracts.Json;
import io.backstop.contracts.PlainJson;
import io.backstop.diff.Change;

/**
 * Writes audit entries as RFC 4180 CSV that spreadsheets open as intended: a UTF-8 byte order mark (Excel
 * otherwise guesses a legacy code page), CRLF line ends, and one row per changed field (an entry without
 * changes gets one row). Following OWASP's CSV injection guidance, a value written by a user cannot execute on
 * the auditor's machine: a cell whose first character after leading whitespace and line breaks would start a
 * formula (also in its fullwidth form, which spreadsheets in East Asian locales read the same) is prefixed with
 * {@code '}, and a cell holding {@code ;} is quoted like one holding {@code ,}: a spreadsheet in a locale whose list
 * separator is {@code ;} splits unquoted cells there, and the part after it would start a cell of its own.
 */
final class CsvExport {

    static final List<String> HEADER = List.of(
            "id",
            "changedAt",
            "collection",
            "documentId",
            "version",
            "action",
            "changedBy",
            "reason",
            "requestId",
            "path",
            "kind",
            "from",
            "to");

    /** Quotes only where RFC 4180 needs it (the delimiter, a quote, a line break); {@link #QUOTED} for the rest. */
    private static final CSVFormat MINIMAL =
            CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();

    private static final CSVFormat QUOTED =
            MINIMAL.builder().setQuoteMode(QuoteMode.ALL).get();
    /** The list separators of common locales: the cell's own delimiter is one, Excel's in much of Europe the other. */
    private static final String SEPARATORS = ",;";

    private static final String FORMULA_STARTS = "=+-@\uFF1D\uFF0B\uFF0D\uFF20";

    private final BufferedWriter writer;

    CsvExport(OutputStream out) throws IOException {
        this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
        writer.write('\uFEFF');
        record(HEADER);
    }

    void write(AuditEntry e) {
        try {
            if (e.changes().isEmpty()) {
                row(e, "", "", null, null);
            }
            for (Change c : e.changes()) {
                row(e, c.path(), c.kind().label(), c.from(), c.to());
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void row(AuditEntry e, String path, String kind, Object from, Object to) throws IOException {
        record(List.of(
                cell(e.id()),
                cell(e.changedAt().toString()),
                cell(e.collection()),
                cell(e.documentId()),
                Long.toString(e.version()),
                cell(e.action().value()),
                cell(e.changedBy()),
                cell(e.reason()),
                cell(e.requestId()),
                cell(path),
                cell(kind),
                cell(value(from)),
                cell(value(to))));
    }

    private void record(List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            (containsAny(cell, SEPARATORS) ? QUOTED : MINIMAL).print(cell, writer, i == 0);
        }
        writer.write(MINIMAL.getRecordSeparator());
    }

    void finish() throws IOException {
        writer.flush();
    }

    private static String value(Object v) {
        if (v == null) {
            return "";
        }
        Object plain = PlainJson.of(v);
        return plain instanceof String s ? s : new String(Json.write(plain), StandardCharsets.UTF_8);
    }

    static String cell(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        // spreadsheets skip leading blanks and line breaks before they decide whether a cell is a formula
        int first = 0;
        while (first < s.length() && blank(s.charAt(first))) {
            first++;
        }
        boolean formula = first < s.length() && FORMULA_STARTS.indexOf(s.charAt(first)) >= 0;
        return formula || s.charAt(0) == '\t' || s.charAt(0) == '\r' ? "'" + s : s;
    }

    private static boolean blank(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
    }

    private static boolean containsAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
