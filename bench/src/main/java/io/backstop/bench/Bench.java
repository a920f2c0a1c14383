package io.backstop.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import io.backstop.bench.badinput.BadInputSuite;
import io.backstop.bench.faults.FaultSuite;
import io.backstop.stack.EmbeddedStack;
import io.backstop.stack.StackConfig;

/**
 * Runs the benchmarks of bench/README.md against the embedded stack and writes bench/results/. Every target is a
 * ratio against a limit measured in the same run on the same machine, because this machine is noisy.
 *
 * <p>Arguments: benchmark names ({@code audit}, {@code materializer}, {@code backup}) and the suites
 * {@code bad-input} and {@code faults}; none means all. Sizes
 * come from system properties {@code bench.*} (see bench/run.sh).
 */
public final class Bench {

    private static final Set<String> ALL =
            new LinkedHashSet<>(List.of("audit", "materializer", "backup", "bad-input", "faults"));

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Set<String> selected = args.length == 0 ? ALL : new LinkedHashSet<>(Arrays.asList(args));
        if (!ALL.containsAll(selected)) {
            System.err.println("unknown benchmark in " + selected + "; choose from " + ALL);
            System.exit(2);
        }
        Path home = Path.of(System.getProperty("backstop.home", "."))
                .toAbsolutePath()
                .normalize();
        Report report = new Report(Machine.describe());
        report.writeAsYouGo(home.resolve("bench/results"));
        // each capture mode on a stack of its own: the figures of one mode are not measured on the other's leftovers
        for (String mode : System.getProperty("bench.modes", "debezium,outbox").split(",")) {
            report.captureMode(mode.trim());
            if (selected.contains("audit") || selected.contains("materializer")) {
                try (EmbeddedStack stack = start(home, true, mode.trim())) {
                    if (selected.contains("audit")) {
                        run(report, "audit pipeline", () -> new AuditLatencyBench(report, stack)
                                .run(
                                        Duration.ofSeconds(intProperty("bench.audit.warm-up-seconds", 60)),
                                        intProperty("bench.audit.rate", 200),
                                        Duration.ofSeconds(intProperty("bench.audit.seconds", 30)),
                                        steps(System.getProperty("bench.audit.steps", "25,50,100,200,300,400")),
                                        Duration.ofSeconds(intProperty("bench.audit.step-seconds", 15))));
                    }
                    if (selected.contains("materializer")) {
                        run(report, "audit materializer", () -> new MaterializerBench(report, stack)
                                .run(
                                        intProperty("bench.materializer.warm-up-documents", 10_000),
                                        intProperty("bench.materializer.documents", 25_000)));
                    }
                }
            }
            if (selected.contains("backup")) {
                try (EmbeddedStack stack = start(home, false, mode.trim())) {
                    run(report, "backup and restore", () -> new BackupRestoreBench(report, stack)
                            .run(
                                    intProperty("bench.backup.small", 100_000),
                                    intProperty("bench.backup.large", 1_000_000)));
                }
            }
        }
        report.captureMode(StackConfig.DEFAULT_CAPTURE_MODE);
        if (selected.contains("bad-input")) {
            try (EmbeddedStack stack = start(home, true)) {
                run(report, "bad input", () -> report.table(SuiteTables.badInput(new BadInputSuite(stack).run())));
            }
        }
        if (selected.contains("faults")) {
            run(
                    report,
                    "fault injection",
                    () -> report.table(SuiteTables.faults(
                            FaultSuite.runAll(home, Files.createDirectories(home.resolve("bench/work"))))));
        }
        Path written = report.write(home.resolve("bench/results"));
        System.out.println("\nresults: " + written + " and " + written.resolveSibling("latest.md"));
    }

    private static EmbeddedStack start(Path home, boolean demoSeed) throws Exception {
        return start(home, demoSeed, StackConfig.DEFAULT_CAPTURE_MODE);
    }

    private static EmbeddedStack start(Path home, boolean demoSeed, String captureMode) throws Exception {
        Path work = Files.createDirectories(home.resolve("bench/work"));
        Path data = Files.createTempDirectory(work, "stack-");
        EmbeddedStack stack =
                EmbeddedStack.start(StackConfig.forTests(home, data, demoSeed).withCaptureMode(captureMode));
        // Ctrl-C or kill must not leave six JVMs behind; close() is idempotent
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-stack-stop"));
        return stack;
    }

    interface Body {
        void run() throws Exception;
    }

    private static void run(Report report, String name, Body body) {
        try {
            body.run();
        } catch (Exception e) {
            report.failed(name, e);
        }
    }

    private static List<Integer> steps(String csv) {
        return Arrays.stream(csv.split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();
    }

    /** Rounds of a figure, or of its limit, that run where a single one moves too much between runs here. */
    static final int ROUNDS = 3;

    /** The middle one of an odd number of rounds, by the figure they are judged on. */
    static <T> T median(List<T> rounds, ToDoubleFunction<T> figure) {
        List<T> sorted = new ArrayList<>(rounds);
        sorted.sort(Comparator.comparingDouble(figure));
        return sorted.get(sorted.size() / 2);
    }

    static int intProperty(String name, int fallback) {
        return Integer.getInteger(name, fallback);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
