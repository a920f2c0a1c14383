package io.backstop.backup.progress;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
class ProgressConfiguration {

    @Bean
    ProgressPublisher progressPublisher(KafkaTemplate<String, String> kafka, Clock clock) {
        return new ProgressPublisher(kafka, clock);
    }
}
