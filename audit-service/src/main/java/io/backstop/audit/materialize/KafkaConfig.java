package io.backstop.audit.materialize;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import io.backstop.audit.AuditProperties;
import io.backstop.contracts.Topics;

/**
 * Where transient and permanent failures are told apart: unreadable records go straight to the dead-letter
 * topic, anything else (MongoDB or the broker briefly away, a version clash) is retried a bounded number of
 * times first. Nothing is retried forever and one bad record never blocks its partition.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

    @Bean
    DefaultErrorHandler captureErrorHandler(
            KafkaTemplate<String, String> template, AuditProperties properties, MaterializeMetrics metrics) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(
                template, (record, e) -> new TopicPartition(Topics.CAPTURE_DEAD_LETTER, -1));
        ConsumerRecordRecoverer recoverer = (record, e) -> {
            deadLetters.accept(record, e);
            metrics.deadLettered();
        };
        DefaultErrorHandler handler = new DefaultErrorHandler(
                recoverer, new FixedBackOff(properties.retryBackoff().toMillis(), properties.retryAttempts() - 1L));
        handler.addNotRetryableExceptions(UnreadableChangeException.class);
        return handler;
    }

    @Bean
    KafkaAdmin.NewTopics auditTopics() {
        NewTopic[] topics = Topics.captureTopics().stream()
                .map(t -> TopicBuilder.name(t).partitions(3).replicas(1).build())
                .toArray(NewTopic[]::new);
        return new KafkaAdmin.NewTopics(concat(
                topics,
                TopicBuilder.name(Topics.AUDIT_EVENTS).partitions(3).replicas(1).build(),
                TopicBuilder.name(Topics.CAPTURE_DEAD_LETTER)
                        .partitions(1)
                        .replicas(1)
                        .build()));
    }

    private static NewTopic[] concat(NewTopic[] a, NewTopic... b) {
        NewTopic[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
