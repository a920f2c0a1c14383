package io.backstop.backup.metrics;

import io.backstop.backup.lock.OperationListener;
import io.backstop.backup.lock.OperationOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code backstop.restore.outcome} (counter; tags kind = restore | pitr, outcome = success | failure). */
public final class RestoreMetrics implements OperationListener {

    private static final String[] KINDS = {"restore", "pitr"};
    private final MeterRegistry registry;

    public RestoreMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String kind : KINDS) {
            counter(kind, MicrometerBackupMetrics.SUCCESS);
            counter(kind, MicrometerBackupMetrics.FAILURE);
        }
    }

    @Override
    public void ended(OperationOutcome outcome) {
        if ("restore".equals(outcome.kind()) || "pitr".equals(outcome.kind())) {
            counter(outcome.kind(), outcome.succeeded() ? MicrometerBackupMetrics.SUCCESS
                    : MicrometerBackupMetrics.FAILURE).increment();
        }
    }

    private Counter counter(String kind, String outcome) {
        return Counter.builder("backstop.restore.outcome").description("Restores ended, by kind and outcome")
                .tag("kind", kind).tag("outcome", outcome).register(registry);
    }
}
