package io.backstop.backup.schedule;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import com.mongodb.client.MongoDatabase;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.backup.BackupService;
import io.backstop.backup.retention.RetentionService;

/** Scheduled backups and the daily retention, on the service's timer. */
@Configuration(proxyBeanMethods = false)
class ScheduleConfiguration {

    /**
     * The service's timer, named {@code taskScheduler} so that the {@code @Scheduled} methods run on it too. Two
     * threads: a retention cleanup on one does not hold up the other. On shutdown a tick under way is interrupted.
     */
    @Bean
    ThreadPoolTaskScheduler taskScheduler(ThreadPoolTaskSchedulerBuilder builder) {
        return builder.poolSize(2)
                .threadNamePrefix("backup-scheduler-")
                .awaitTermination(false)
                .awaitTerminationPeriod(Duration.ofSeconds(10))
                .build();
    }

    @Bean
    ScheduleStore scheduleStore(MongoDatabase backupDb, Clock clock) {
        return new ScheduleStore(backupDb, clock);
    }

    @Bean
    BackupScheduler backupScheduler(
            ScheduleStore store,
            BackupService backups,
            RetentionService retention,
            BackupProperties properties,
            Clock clock,
            ThreadPoolTaskScheduler taskScheduler) {
        return new BackupScheduler(store, backups, retention, properties, clock, taskScheduler);
    }
}
