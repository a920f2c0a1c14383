package io.backstop.bench.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Collects a scenario's checks and observations as it runs, and builds its result. */
final class Checks {

    private final String name;
    private final List<String> checks = new ArrayList<>();
    private final Map<String, Integer> userSaw = new TreeMap<>();
    private final List<String> messages = new ArrayList<>();
    private Long written;
    private Long captured;
    private Long materialized;
    private Double recoverySeconds;
    private int boundSeconds;

    Checks(String name) {
        this.name = name;
    }

    boolean check(boolean ok, String what) {
        checks.add((ok ? "ok: " : "FAILED: ") + what);
        System.out.println("  [" + name + "] " + (ok ? "ok: " : "FAILED: ") + what);
        return ok;
    }

    synchronized void saw(String status, String message) {
        userSaw.merge(status, 1, Integer::sum);
        if (message != null && messages.size() < 6 && messages.stream().noneMatch(m -> m.startsWith(status + " "))) {
            messages.add(status + " " + (message.length() > 300 ? message.substring(0, 300) + "..." : message));
        }
    }

    void counts(long written, long captured, long materialized) {
        this.written = written;
        this.captured = captured;
        this.materialized = materialized;
        check(
                written == captured && captured == materialized,
                "written " + written + " = captured " + captured + " = materialized " + materialized);
    }

    void recovered(Double seconds, int bound, String what) {
        this.recoverySeconds = seconds;
        this.boundSeconds = bound;
        check(
                seconds != null,
                seconds == null
                        ? what + ": not within " + bound + " s"
                        : String.format(java.util.Locale.ROOT, "%s after %.1f s (bound %d s)", what, seconds, bound));
    }

    void failedWith(Exception e) {
        checks.add("FAILED: the scenario threw " + e);
        System.out.println("  [" + name + "] FAILED: " + e);
    }

    ScenarioResult result() {
        boolean ok = !checks.isEmpty() && checks.stream().noneMatch(c -> c.startsWith("FAILED"));
        return new ScenarioResult(
                name,
                ok ? ScenarioResult.Outcome.PASSED : ScenarioResult.Outcome.FAILED,
                written,
                captured,
                materialized,
                Map.copyOf(userSaw),
                List.copyOf(messages),
                recoverySeconds,
                boundSeconds,
                List.copyOf(checks));
    }
}
