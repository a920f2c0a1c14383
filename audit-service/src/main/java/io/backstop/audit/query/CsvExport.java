package io.backstop.audit.query;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.PlainJson;
import io.backstop.contracts.Json;
import io.backstop.diff.Change;

/**
 * Writes audit entries as RFC 4180 CSV that spreadsheets open as intended: a UTF-8 byte order mark (Excel
 * otherwise guesses a legacy code page), CRLF line ends, and one row per changed field (an entry without
 * changes gets one row). Cells that a spreadsheet would run as a formula are prefixed with {@code '} (OWASP
 * CSV injection), so a value written by a user cannot execute on the auditor's machine.
 */
final class CsvExport {

    static final List<String> HEADER = List.of("id", "changedAt", "collection", "documentId", "version", "action",
            "changedBy", "reason", "requestId", "path", "kind", "from", "to");

    private final CSVPrinter printer;

    CsvExport(OutputStream out) throws IOException {
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
        writer.write('\uFEFF');
        this.printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get());
        printer.printRecord(HEADER);
    }

    void write(AuditEntry e) {
        try {
            if (e.changes().isEmpty()) {
                row(e, "", "", null, null);
            }
            for (Change c : e.changes()) {
                row(e, c.path(), c.kind().label(), c.from(), c.to());
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void row(AuditEntry e, String path, String kind, Object from, Object to) throws IOException {
        printer.printRecord(cell(e.id()), cell(e.changedAt().toString()), cell(e.collection()), cell(e.documentId()),
                Long.toString(e.version()), cell(e.action()), cell(e.changedBy()), cell(e.reason()), cell(e.requestId()),
                cell(path), cell(kind), cell(value(from)), cell(value(to)));
    }

    void finish() throws IOException {
        printer.flush();
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
        char first = s.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + s : s;
    }
}
