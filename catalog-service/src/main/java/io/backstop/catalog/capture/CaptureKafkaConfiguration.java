package io.backstop.catalog.capture;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The one producer both capture modes publish with: Boot's {@code spring.kafka.*} plus the guarantees the audit
 * trail depends on, set here in code so no property can weaken them. Defining the factory replaces Boot's default
 * one, so catalog-service has exactly one producer configuration.
 */
@Configuration(proxyBeanMethods = false)
public class CaptureKafkaConfiguration {

    @Bean
    ProducerFactory<String, byte[]> captureProducerFactory(KafkaProperties kafka) {
        return new DefaultKafkaProducerFactory<>(producerConfig(kafka));
    }

    @Bean
    KafkaTemplate<String, byte[]> captureKafkaTemplate(ProducerFactory<String, byte[]> captureProducerFactory) {
        return new KafkaTemplate<>(captureProducerFactory);
    }

    /** Public so a test builds the same producer against its own broker. */
    public static Map<String, Object> producerConfig(KafkaProperties kafka) {
        Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // an entry is deleted from the outbox (a Debezium offset committed) only once every replica has it
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // one request in flight (service-support's default, enforced here): order within a partition, so per
        // document, survives any retry
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        // with one request in flight, a request carries more: a restore's burst is still a few requests
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "catalog-capture");
        return props;
    }
}
