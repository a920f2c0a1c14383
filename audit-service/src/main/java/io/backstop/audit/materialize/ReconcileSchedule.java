package io.backstop.audit.materialize;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import io.backstop.audit.AuditProperties;

/**
 * Runs {@link Reconciler} every {@code backstop.audit.drift.reconcile-interval}, first one interval after start-up
 * (start-up stays quick; backup-service asks for a pass before every backup anyway). Not at all in debezium mode.
 */
@Configuration
@EnableScheduling
class ReconcileSchedule implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ReconcileSchedule.class);

    private final Reconciler reconciler;
    private final Duration interval;

    ReconcileSchedule(Reconciler reconciler, AuditProperties properties) {
        this.reconciler = reconciler;
        this.interval = properties.drift().reconcileInterval();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!reconciler.enabled()) {
            log.info("Reconciler off: capture mode {} records writes that bypass the API itself", reconciler.mode());
            return;
        }
        registrar.addFixedDelayTask(new FixedDelayTask(this::run, interval, interval));
    }

    private void run() {
        try {
            reconciler.reconcile();
        } catch (RuntimeException e) {
            // the next pass tries again; the health endpoint shows the error meanwhile
            log.warn("Scheduled reconcile failed, next in {}: {}", interval, e.toString());
        }
    }
}
