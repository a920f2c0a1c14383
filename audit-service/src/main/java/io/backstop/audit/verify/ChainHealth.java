package io.backstop.audit.verify;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code chain} in {@code /actuator/health} and the gauges {@value #INTACT} (1 intact, 0 broken, NaN before the
 * first verification) and {@value #ENTRIES}. A broken chain is a fact about the data, not about this service, so
 * like drift it never turns the status down (that would take the service out of its load balancer and stop the
 * trail from growing): alert on the gauge.
 */
@Component("chain")
class ChainHealth implements HealthIndicator {

    static final String INTACT = "backstop.audit.chain.intact";
    static final String ENTRIES = "backstop.audit.chain.entries";

    private final TrailVerifier verifier;

    ChainHealth(TrailVerifier verifier, MeterRegistry registry) {
        this.verifier = verifier;
        Gauge.builder(
                        INTACT,
                        verifier,
                        v -> v.last() == null ? Double.NaN : v.last().ok() ? 1 : 0)
                .description(
                        "1 when the latest verification found both chains of the audit trail intact, 0 when broken")
                .register(registry);
        Gauge.builder(
                        ENTRIES,
                        verifier,
                        v -> v.last() == null ? Double.NaN : v.last().entries())
                .description("Entries of the global chain the latest verification checked")
                .register(registry);
    }

    @Override
    public Health health() {
        Verification last = verifier.last();
        Map<String, Object> details = new LinkedHashMap<>();
        if (last == null) {
            details.put("verified", "not yet");
            return Health.up().withDetails(details).build();
        }
        details.put("intact", last.ok());
        details.put("verifiedAt", last.verifiedAt().toString());
        details.put("entries", last.entries());
        if (last.brokenLink() != null) {
            details.put("brokenEntry", last.brokenLink().id());
            details.put("brokenKind", last.brokenLink().kind());
            details.put("brokenDetail", last.brokenLink().detail());
        }
        return Health.up().withDetails(details).build();
    }
}
