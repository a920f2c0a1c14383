package io.backstop.catalog.capture.debezium;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code debeziumCapture} in /actuator/health: DOWN when the resume token is lost or the engine gave
 * up; UP while running, and UP as {@code standby} on replicas that do not hold the lease.
 */
@Component("debeziumCaptureHealthIndicator")
@ConditionalOnBean(DebeziumCapture.class)
class DebeziumCaptureHealth implements HealthIndicator {

    private final DebeziumCapture capture;

    DebeziumCaptureHealth(DebeziumCapture capture) {
        this.capture = capture;
    }

    @Override
    public Health health() {
        DebeziumCapture.State state = capture.state();
        Health.Builder builder =
                switch (state) {
                    case RESUME_TOKEN_LOST, FAILED -> Health.down();
                    default -> Health.up();
                };
        builder.withDetail("mode", "debezium")
                .withDetail("state", state.name().toLowerCase())
                .withDetail("replica", capture.leaseOwner());
        if (state == DebeziumCapture.State.RESUME_TOKEN_LOST) {
            builder.withDetail(
                    "action",
                    DebeziumCapture.RESUME_TOKEN_LOST_LOG + ": take a full backup, then reset the capture offsets");
        }
        if (capture.lastError() != null) {
            builder.withDetail("lastError", capture.lastError());
        }
        return builder.build();
    }
}
