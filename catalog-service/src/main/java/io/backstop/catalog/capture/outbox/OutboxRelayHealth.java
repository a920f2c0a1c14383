package io.backstop.catalog.capture.outbox;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code outboxCapture} in /actuator/health: DOWN after repeated failed passes (broker unreachable, ...). */
@Component("outboxCaptureHealthIndicator")
@ConditionalOnBean(OutboxRelay.class)
class OutboxRelayHealth implements HealthIndicator {

    private static final int DOWN_AFTER_FAILURES = 5;

    private final OutboxRelay relay;

    OutboxRelayHealth(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public Health health() {
        Health.Builder builder = relay.consecutiveFailures() >= DOWN_AFTER_FAILURES ? Health.down() : Health.up();
        builder.withDetail("consecutiveFailures", relay.consecutiveFailures());
        if (relay.lastSuccess() != null) {
            builder.withDetail("lastSuccessfulPass", relay.lastSuccess().toString());
        }
        if (relay.lastError() != null) {
            builder.withDetail("lastError", relay.lastError());
        }
        return builder.build();
    }
}
