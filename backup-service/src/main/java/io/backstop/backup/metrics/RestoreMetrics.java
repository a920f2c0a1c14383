package io.backstop.backup.metrics;

import java.util.EnumSet;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.backstop.backup.lock.OperationListener;
import io.backstop.backup.lock.OperationOutcome;
import io.backstop.contracts.OperationKind;

/** {@code backstop.restore.outcome} (counter; tags kind = restore | pitr, outcome = success | failure). */
public final class RestoreMetrics implements OperationListener {

    private static final Set<OperationKind> KINDS = EnumSet.of(OperationKind.RESTORE, OperationKind.PITR);
    private final MeterRegistry registry;

    public RestoreMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (OperationKind kind : KINDS) {
            counter(kind, MicrometerBackupMetrics.SUCCESS);
            counter(kind, MicrometerBackupMetrics.FAILURE);
        }
    }

    @Override
    public void ended(OperationOutcome outcome) {
        if (KINDS.contains(outcome.kind())) {
            counter(
                            outcome.kind(),
                            outcome.succeeded() ? MicrometerBackupMetrics.SUCCESS : MicrometerBackupMetrics.FAILURE)
                    .increment();
        }
    }

    private Counter counter(OperationKind kind, String outcome) {
        return Counter.builder("backstop.restore.outcome")
                .description("Restores ended, by kind and outcome")
                .tag("kind", kind.value())
                .tag("outcome", outcome)
                .register(registry);
    }
}
