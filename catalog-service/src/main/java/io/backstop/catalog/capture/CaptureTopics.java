package io.backstop.catalog.capture;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import io.backstop.contracts.Topics;

/** The capture topics with the partition count docs/architecture.md fixes, created at start-up if missing. */
@Configuration(proxyBeanMethods = false)
class CaptureTopics {

    static final int PARTITIONS = 3;

    @Bean
    KafkaAdmin.NewTopics captureTopicDefinitions() {
        return new KafkaAdmin.NewTopics(Topics.captureTopics().stream()
                .map(t ->
                        TopicBuilder.name(t).partitions(PARTITIONS).replicas(1).build())
                .toArray(NewTopic[]::new));
    }
}
