package io.backstop.backup.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.CronExpression;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.backup.BackupService;
import io.backstop.backup.backup.BackupType;
import io.backstop.backup.lock.LockHeldException;
import io.backstop.backup.retention.RetentionService;

/**
 * Fires scheduled backups. A schedule is due when its cron has a time that is not in the future after its last
 * firing (or after its cron was set, if that is later); it then fires once and records "now" as its last firing, so
 * runs missed while the service was down collapse into a single catch-up instead of a burst. The same timer runs
 * the daily retention cleanup.
 */
public final class BackupScheduler implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BackupScheduler.class);
    public static final String SYSTEM_USER = RetentionService.SYSTEM_USER;

    private final ScheduleStore store;
    private final BackupService backups;
    private final RetentionService retention;
    private final BackupProperties properties;
    private final Clock clock;
    private final TaskScheduler timer;

    public BackupScheduler(
            ScheduleStore store,
            BackupService backups,
            RetentionService retention,
            BackupProperties properties,
            Clock clock,
            TaskScheduler timer) {
        this.store = store;
        this.backups = backups;
        this.retention = retention;
        this.properties = properties;
        this.clock = clock;
        this.timer = timer;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (store.empty() && !properties.schedules().isEmpty()) {
            store.seed(
                    properties.schedules().stream()
                            .map(s -> new ScheduleStore.Entry(s.cron(), s.description()))
                            .toList(),
                    "configuration");
        }
        // the timer's own clock: the injected one may be a test's, which does not move by itself
        timer.scheduleWithFixedDelay(
                this::safeTick, timer.getClock().instant().plus(properties.scheduleTick()), properties.scheduleTick());
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("Schedule check failed: {}", e.toString());
        }
        try {
            retention.dailyIfDue();
        } catch (RuntimeException e) {
            log.warn("Daily retention failed, will try again: {}", e.toString());
        }
    }

    /** @return the ids of the backups this tick started */
    public List<String> tick() {
        Instant now = clock.instant();
        List<String> started = new ArrayList<>();
        for (ScheduleStore.Schedule schedule : store.list()) {
            Instant base =
                    schedule.lastFiredAt() != null && schedule.lastFiredAt().isAfter(schedule.cronSince())
                            ? schedule.lastFiredAt()
                            : schedule.cronSince();
            ZonedDateTime next = CronExpression.parse(schedule.cron()).next(base.atZone(ZoneOffset.UTC));
            if (next == null || next.toInstant().isAfter(now) || !store.claim(schedule, now)) {
                continue;
            }
            try {
                started.add(backups.start(
                                BackupType.SCHEDULED,
                                schedule.description() == null
                                        ? "scheduled (" + schedule.cron() + ")"
                                        : schedule.description(),
                                SYSTEM_USER)
                        .id());
            } catch (LockHeldException e) {
                log.warn("Scheduled backup {} skipped: {}", schedule.id(), e.getMessage());
            }
        }
        return started;
    }
}
