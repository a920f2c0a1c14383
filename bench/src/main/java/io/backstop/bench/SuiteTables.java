package io.backstop.bench;

import java.util.ArrayList;
import java.util.List;

import io.backstop.bench.badinput.BadInputSuite;
import io.backstop.bench.badinput.EndpointResult;
import io.backstop.bench.faults.ScenarioResult;

/** The suites' results as report tables: counts per row, the failing cases as notes under the table. */
final class SuiteTables {

    private SuiteTables() {}

    static Report.Table badInput(List<EndpointResult> results) {
        List<List<String>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (EndpointResult r : results) {
            rows.add(List.of(
                    "`" + r.endpoint() + "`",
                    n(r.cases()),
                    n(r.rejected4xx()),
                    n(r.withoutMessage()),
                    n(r.accepted2xx()),
                    n(r.unexpected2xx()),
                    n(r.server5xx()),
                    n(r.noAnswer()),
                    r.writes().isEmpty() ? "none" : String.join(", ", r.writes().keySet()),
                    r.passed() ? "pass" : "**fail**"));
            r.failures().forEach(f -> notes.add("`" + r.endpoint() + "`: " + f));
            if (!r.withoutMessageCases().isEmpty()) {
                notes.add(
                        "`" + r.endpoint() + "`: " + r.withoutMessageCases().size() + " refused without a problem+json "
                                + "message, e.g. " + r.withoutMessageCases().get(0));
            }
        }
        var t = BadInputSuite.totals(results);
        rows.add(List.of(
                "**all " + t.get("endpoints") + " endpoints**",
                n(t.get("cases")),
                n(t.get("4xx")),
                n(t.get("4xx without message")),
                n(t.get("2xx as expected")),
                n(t.get("2xx unexpected")),
                n(t.get("5xx")),
                n(t.get("no answer")),
                t.get("endpoints with writes") + " endpoints",
                results.stream().allMatch(EndpointResult::passed) ? "pass" : "**fail**"));
        return new Report.Table(
                "Bad input per endpoint",
                List.of(
                        "endpoint",
                        "cases",
                        "4xx",
                        "4xx without problem+json message",
                        "2xx taken literally (free-text filter, no match)",
                        "2xx unexpected",
                        "5xx",
                        "no answer",
                        "writes detected",
                        "result"),
                rows,
                notes,
                results);
    }

    static Report.Table faults(List<ScenarioResult> results) {
        List<List<String>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ScenarioResult r : results) {
            rows.add(List.of(
                    r.name(),
                    n(r.written()),
                    n(r.captured()),
                    n(r.materialized()),
                    r.userSaw().toString(),
                    r.recoverySeconds() == null
                            ? (r.outcome() == ScenarioResult.Outcome.SKIPPED ? "" : "**no**")
                            : String.format(
                                    java.util.Locale.ROOT,
                                    "%.1f s (bound %d s)",
                                    r.recoverySeconds(),
                                    r.boundSeconds()),
                    r.outcome() == ScenarioResult.Outcome.PASSED
                            ? "pass"
                            : r.outcome() == ScenarioResult.Outcome.SKIPPED ? "skipped" : "**fail**"));
            r.checks().forEach(c -> notes.add(r.name() + ": " + c));
            r.messages().forEach(m -> notes.add(r.name() + ", the user saw: " + m));
        }
        return new Report.Table(
                "Fault injection",
                List.of(
                        "scenario",
                        "changes written (API 2xx)",
                        "captured (capture topics)",
                        "materialized (audit_logs)",
                        "what the user saw (status: count)",
                        "recovered by itself",
                        "result"),
                rows,
                notes,
                results);
    }

    private static String n(Long v) {
        return v == null ? "" : Long.toString(v);
    }

    private static String n(int v) {
        return Integer.toString(v);
    }
}
