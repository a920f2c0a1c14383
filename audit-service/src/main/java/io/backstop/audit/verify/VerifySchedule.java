package io.backstop.audit.verify;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Verifies the trail every {@code backstop.audit.chain.verify-interval}. A break is logged at ERROR by the
 * verifier and shows in the {@code chain} health detail and the {@value ChainHealth#INTACT} gauge, which is what
 * alerting watches: backup-service's notifier has no way in from this service (nothing but audit-service reads
 * the trail), so the alert rule on the gauge is the notification.
 */
@Configuration
@EnableScheduling
@EnableConfigurationProperties(ChainProperties.class)
class VerifySchedule implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(VerifySchedule.class);

    private final TrailVerifier verifier;
    private final Duration interval;

    VerifySchedule(TrailVerifier verifier, ChainProperties properties) {
        this.verifier = verifier;
        this.interval = properties.verifyInterval();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::run, interval, interval));
    }

    private void run() {
        try {
            verifier.verify();
        } catch (RuntimeException e) {
            // MongoDB unreachable: the next run tries again; the mongo health component says so meanwhile
            log.warn("Scheduled verification of the audit trail failed, next in {}: {}", interval, e.toString());
        }
    }
}
