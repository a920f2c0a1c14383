package io.backstop.backup.lock;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import com.mongodb.client.MongoDatabase;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.ops.OperationRecords;
import io.backstop.backup.progress.ProgressPublisher;

/** The one lease every critical operation runs under, its heartbeats and the threads operations run on. */
@Configuration(proxyBeanMethods = false)
class LockConfiguration {

    @Bean
    ThreadPoolTaskScheduler leaseHeartbeats(ThreadPoolTaskSchedulerBuilder builder) {
        return builder.poolSize(1)
                .threadNamePrefix("lease-heartbeat-")
                .awaitTermination(true)
                .awaitTerminationPeriod(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Operations run here, one at a time across replicas (the lease); a few threads allow one operation to end
     * while the next starts. On shutdown ({@link CriticalOps#close()}) a running operation gets 30 s to finish
     * and record its end, uninterrupted: an interrupt would hit its MongoDB writes and leave the lease held.
     */
    @Bean
    ThreadPoolTaskExecutor criticalOpWorkers(ThreadPoolTaskExecutorBuilder builder) {
        return builder.corePoolSize(0)
                .maxPoolSize(4)
                .queueCapacity(0)
                .keepAlive(Duration.ofSeconds(60))
                .threadNamePrefix("critical-op-")
                .awaitTermination(true)
                .awaitTerminationPeriod(Duration.ofSeconds(30))
                .build();
    }

    @Bean
    CriticalOps criticalOps(
            MongoDatabase backupDb,
            OperationRecords operations,
            ProgressPublisher progress,
            List<TakeoverHandler> takeoverHandlers,
            List<OperationListener> listeners,
            BackupProperties properties,
            Clock clock,
            ThreadPoolTaskScheduler leaseHeartbeats,
            ThreadPoolTaskExecutor criticalOpWorkers) {
        return new CriticalOps(
                BackupLease.store(backupDb, clock),
                operations,
                progress,
                takeoverHandlers,
                properties.lock(),
                CriticalOps.defaultInstance(),
                listeners,
                clock,
                leaseHeartbeats,
                criticalOpWorkers);
    }
}
