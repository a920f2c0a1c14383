package io.backstop.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.backstop.stack.EmbeddedStack;

/**
 * CPU time each process of the stack spent between two readings. On two cores a figure is often set by what else
 * runs beside the measured work, so each measurement that is CPU-bound carries where the CPU went.
 */
final class StackCpu {

    /** This JVM: the benchmark's own clients and the embedded MongoDB it hosts. */
    static final String BENCH_AND_MONGO = "benchmark JVM (embedded MongoDB, raw clients)";

    private final EmbeddedStack stack;
    private final Map<String, Duration> start;

    private StackCpu(EmbeddedStack stack) {
        this.stack = stack;
        this.start = read(stack);
    }

    static StackCpu start(EmbeddedStack stack) {
        return new StackCpu(stack);
    }

    /**
     * Waits until the whole stack uses less than a fifth of a core for a whole second, at most {@code bound}, and
     * returns the seconds waited. A side measured after a bulk of writes must not pay for the server's work left
     * over from them (the embedded store serializes and compacts in the background), nor the other side for it.
     */
    static double awaitQuiet(EmbeddedStack stack, Duration bound) {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < bound.toNanos()) {
            StackCpu second = start(stack);
            Bench.sleep(1000);
            if (second.seconds().values().stream()
                            .mapToDouble(Double::doubleValue)
                            .sum()
                    < 0.2) {
                break;
            }
        }
        return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
    }

    /** Core-seconds per process since {@link #start}, rounded to 10 ms. */
    Map<String, Double> seconds() {
        Map<String, Double> spent = new LinkedHashMap<>();
        read(stack).forEach((name, now) -> {
            Duration before = start.getOrDefault(name, Duration.ZERO);
            spent.put(name, Math.round(now.minus(before).toMillis() / 10.0) / 100.0);
        });
        return spent;
    }

    private static Map<String, Duration> read(EmbeddedStack stack) {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        cpu.put(
                BENCH_AND_MONGO,
                ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
        stack.pids()
                .forEach((name, pid) -> cpu.put(
                        name,
                        ProcessHandle.of(pid)
                                .flatMap(p -> p.info().totalCpuDuration())
                                .orElse(Duration.ZERO)));
        return cpu;
    }
}
