package io.backstop.audit.materialize;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.backstop.audit.store.AuditStore;
import io.backstop.contracts.Actions;

/**
 * {@code drift} in {@code /actuator/health}: how many changes made outside the API the trail records
 * ({@code external} entries, counted in the trail so the number survives restarts) and what the last reconcile
 * found. Drift is a fact about the data, not about this service: it never turns the status down.
 */
@Component("drift")
class DriftHealth implements HealthIndicator {

    private final AuditStore store;
    private final Reconciler reconciler;

    DriftHealth(AuditStore store, Reconciler reconciler) {
        this.store = store;
        this.reconciler = reconciler;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("captureMode", reconciler.mode().name().toLowerCase(java.util.Locale.ROOT));
        try {
            details.put("driftsRecorded", store.countByAction(Actions.EXTERNAL));
        } catch (RuntimeException e) {
            // MongoDB unreachable: the mongo component says DOWN; thrown from here it would turn the 503 into a 500
            return Health.unknown()
                    .withDetails(details)
                    .withDetail("error", e.getClass().getSimpleName())
                    .build();
        }
        details.put(
                "reconciler", reconciler.enabled() ? "on" : "off (the connector captures writes that bypass the API)");
        Reconciler.Report last = reconciler.last();
        if (last != null) {
            details.put("lastReconcileAt", last.finishedAt().toString());
            details.put("lastReconcileDocuments", last.documents());
            details.put("lastReconcileDrifts", last.drifts());
            details.put("lastReconcileInFlight", last.inFlight());
        }
        if (reconciler.lastError() != null) {
            details.put("lastReconcileError", reconciler.lastError());
        }
        return Health.up().withDetails(details).build();
    }
}
