package io.backstop.catalog.capture.outbox;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** The relay's one thread, owned by Spring so it is named, and awaited when the context closes. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "backstop.capture.mode", havingValue = "outbox", matchIfMissing = true)
class OutboxRelayConfiguration {

    @Bean
    ThreadPoolTaskExecutor outboxRelayThread(ThreadPoolTaskExecutorBuilder builder) {
        return builder.corePoolSize(1)
                .maxPoolSize(1)
                .queueCapacity(1)
                .threadNamePrefix("outbox-relay-")
                .awaitTermination(true)
                .awaitTerminationPeriod(Duration.ofSeconds(10))
                .build();
    }
}
