package io.backstop.bench.faults;

import java.util.List;
import java.util.Map;

/**
 * One fault scenario: the changes written (2xx answers of the API), captured (events on the capture topics) and
 * materialized (audit_logs entries), which must be equal; what the user saw; whether the system recovered by
 * itself within the bound; and every check with its outcome.
 *
 * @param outcome   PASSED only when every check held; SKIPPED when the scenario could not run here (never a pass)
 * @param written   null where the scenario writes no catalog changes through the API (e.g. a refused restore: 0)
 * @param userSaw   HTTP status (or "no answer") to how many requests got it
 * @param messages  a few of the messages the user got, as they read
 * @param recoverySeconds from the end of the fault to the first moment everything was back, or null if never
 */
public record ScenarioResult(
        String name,
        Outcome outcome,
        Long written,
        Long captured,
        Long materialized,
        Map<String, Integer> userSaw,
        List<String> messages,
        Double recoverySeconds,
        int boundSeconds,
        List<String> checks) {

    public enum Outcome {
        PASSED,
        FAILED,
        SKIPPED
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }

    public List<String> failedChecks() {
        return checks.stream().filter(c -> c.startsWith("FAILED")).toList();
    }

    static ScenarioResult skipped(String name, String reason) {
        return new ScenarioResult(
                name, Outcome.SKIPPED, null, null, null, Map.of(), List.of(), null, 0, List.of("skipped: " + reason));
    }
}
