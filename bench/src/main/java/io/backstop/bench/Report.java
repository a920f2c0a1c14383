package io.backstop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.backstop.contracts.Json;

/** The results of one run: JSON for machines, a Markdown table for the README. */
final class Report {

    private final Instant startedAt = Instant.now();
    private final Map<String, Object> machine;
    private final List<Measurement> measurements = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();

    /**
     * A table of counts (bad input per endpoint, fault scenarios), with its raw data for the JSON and notes (the
     * failing cases) listed under it in the Markdown.
     */
    record Table(String title, List<String> header, List<List<String>> rows, List<String> notes, Object data) {}

    private Path dir;
    private String captureMode;

    Report(Map<String, Object> machine) {
        this.machine = machine;
    }

    /** Rewrite the results after every figure, so a run cut short still leaves what it measured. */
    synchronized void writeAsYouGo(Path dir) {
        this.dir = dir;
    }

    /** The capture mode of the stack the figures from now on are measured on; each figure records it. */
    synchronized void captureMode(String mode) {
        this.captureMode = mode;
    }

    synchronized void add(Measurement measured) {
        Measurement m = measured.inMode(captureMode);
        measurements.add(m);
        System.out.println(line(m));
        flush();
    }

    private void flush() {
        if (dir != null) {
            try {
                write(dir);
            } catch (IOException e) {
                System.err.println("cannot write results to " + dir + ": " + e);
            }
        }
    }

    synchronized void failed(String benchmark, Exception e) {
        failures.add(benchmark + ": " + e);
        System.err.println("benchmark " + benchmark + " failed: " + e);
        e.printStackTrace();
    }

    synchronized void table(Table table) {
        tables.add(table);
        flush();
    }

    List<Measurement> measurements() {
        return measurements;
    }

    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(startedAt);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("startedAt", startedAt.toString());
        json.put("finishedAt", Instant.now().toString());
        json.put("machine", machine);
        json.put("measurements", measurements);
        json.put("failures", failures);
        Map<String, Object> tableData = new LinkedHashMap<>();
        tables.forEach(t -> tableData.put(t.title(), t.data()));
        json.put("tables", tableData);
        Path file = dir.resolve("bench-" + stamp + ".json");
        Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        Files.writeString(dir.resolve("latest.md"), markdown(file.getFileName().toString()));
        return file;
    }

    private String markdown(String jsonName) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Run ")
                .append(startedAt)
                .append(" (`")
                .append(jsonName)
                .append("`), machine: ")
                .append(machine.get("cores"))
                .append(" cores, ")
                .append(machine.get("cpu"))
                .append(", ")
                .append(machine.get("memoryGiB"))
                .append(" GiB, ")
                .append(machine.get("java"))
                .append(".\n\n");
        if (!measurements.isEmpty()) {
            md.append(
                    "| benchmark | capture mode | figure | value | limit measured in the same run | ratio | target | result |\n");
            md.append("|---|---|---|---|---|---|---|---|\n");
            for (Measurement m : measurements) {
                md.append("| ")
                        .append(m.benchmark())
                        .append(" | ")
                        .append(m.captureMode() == null ? "" : m.captureMode())
                        .append(" | ")
                        .append(m.name())
                        .append(" | ")
                        .append(num(m.value()))
                        .append(' ')
                        .append(m.unit())
                        .append(" | ")
                        .append(
                                m.limitName() == null
                                        ? ""
                                        : m.limitName() + ": " + num(m.limitValue()) + " " + m.unit())
                        .append(" | ")
                        .append(m.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", m.ratio()))
                        .append(" | ")
                        .append(m.target() == null ? "" : m.target())
                        .append(" | ")
                        .append(m.pass() == null ? "" : m.pass() ? "pass" : "**miss**")
                        .append(" |\n");
            }
        }
        for (Table t : tables) {
            md.append("\n## ").append(t.title()).append("\n\n");
            md.append("| ").append(String.join(" | ", t.header())).append(" |\n");
            md.append("|").append("---|".repeat(t.header().size())).append('\n');
            t.rows().forEach(r -> md.append("| ")
                    .append(String.join(" | ", r.stream().map(Report::cell).toList()))
                    .append(" |\n"));
            if (!t.notes().isEmpty()) {
                md.append('\n');
                t.notes().forEach(n -> md.append("- ").append(cell(n)).append('\n'));
            }
        }
        if (!failures.isEmpty()) {
            md.append("\nBenchmarks that failed to run:\n\n");
            failures.forEach(f -> md.append("- ").append(f).append('\n'));
        }
        return md.toString();
    }

    private static String cell(String text) {
        String t = text.replace("|", "\\|").replace("\n", " ");
        return t.length() > 400 ? t.substring(0, 400) + "..." : t;
    }

    private static String line(Measurement m) {
        return String.format(
                Locale.ROOT,
                "%-22s %-9s %-48s %12s %s%s",
                m.benchmark(),
                m.captureMode(),
                m.name(),
                num(m.value()),
                m.unit(),
                m.ratio() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "   ratio %.2f (%s) %s",
                                m.ratio(),
                                m.target(),
                                m.pass() ? "pass" : "MISS"));
    }

    private static String num(Double v) {
        if (v == null) {
            return "";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
