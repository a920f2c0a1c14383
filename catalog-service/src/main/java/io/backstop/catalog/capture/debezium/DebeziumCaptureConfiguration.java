package io.backstop.catalog.capture.debezium;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The capture's threads, owned by Spring: the lease check, and the engine (one at a time; a restarted engine runs
 * after the stopped one returned). Both are awaited when the context closes, after {@link DebeziumCapture#stop()}
 * closed the engine.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "backstop.capture.mode", havingValue = "debezium")
class DebeziumCaptureConfiguration {

    @Bean
    ThreadPoolTaskScheduler debeziumLeaseTicks(ThreadPoolTaskSchedulerBuilder builder) {
        return builder.poolSize(1)
                .threadNamePrefix("debezium-lease-")
                .awaitTermination(true)
                .awaitTerminationPeriod(Duration.ofSeconds(10))
                .build();
    }

    @Bean
    ThreadPoolTaskExecutor debeziumEngineThread(ThreadPoolTaskExecutorBuilder builder) {
        return builder.corePoolSize(1)
                .maxPoolSize(1)
                .queueCapacity(4)
                .threadNamePrefix("debezium-engine-")
                .awaitTermination(true)
                .awaitTerminationPeriod(Duration.ofSeconds(30))
                .build();
    }
}
