package io.backstop.bench.faults;

import java.time.Duration;
import java.util.function.BooleanSupplier;

final class Waits {

    private Waits() {}

    /** Seconds until {@code condition} first held, polling every 250 ms, or null if it did not within {@code bound}. */
    static Double until(Duration bound, BooleanSupplier condition) {
        return until(bound, Duration.ofMillis(250), condition);
    }

    static Double until(Duration bound, Duration pause, BooleanSupplier condition) {
        long t0 = System.nanoTime();
        long deadline = t0 + bound.toNanos();
        while (true) {
            boolean ok;
            try {
                ok = condition.getAsBoolean();
            } catch (RuntimeException e) {
                // a service still restarting answers nothing: not yet recovered
                ok = false;
            }
            if (ok) {
                return (System.nanoTime() - t0) / 1e9;
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            sleep(pause.toMillis());
        }
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
