package io.backstop.catalog.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.ChangeEventKey;
import io.backstop.contracts.Json;
import io.backstop.infra.KafkaBroker;

/** What either capture mode published about one document on the shared test broker, read from the beginning. */
public final class CapturedRecords {

    private CapturedRecords() {}

    /**
     * Every record for the document on {@code topic} (tombstones included), until there are {@code expected} or
     * 30 s passed; with {@code expected} 0, whatever arrives within 5 s.
     */
    public static List<ConsumerRecord<String, String>> of(String topic, String documentId, int expected) {
        String key = Json.MAPPER.writeValueAsString(ChangeEventKey.of(documentId));
        List<ConsumerRecord<String, String>> result = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            Callable<Boolean> readSome = () -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        result.add(r);
                    }
                });
                return expected == 0 || result.size() >= expected;
            };
            // the consumer is not thread-safe: poll it on this thread
            ConditionFactory reading = Awaitility.await("records of " + documentId + " on " + topic)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1));
            try {
                if (expected == 0) {
                    reading.during(Duration.ofSeconds(5))
                            .atMost(Duration.ofSeconds(10))
                            .until(readSome);
                } else {
                    reading.atMost(Duration.ofSeconds(30)).until(readSome);
                }
            } catch (ConditionTimeoutException shortOfExpected) {
                // the caller asserts on what arrived, which says more than a timeout
            }
        }
        return result;
    }

    public static ChangeEvent event(ConsumerRecord<String, String> r) {
        return Json.MAPPER.readValue(r.value(), ChangeEvent.class);
    }
}
