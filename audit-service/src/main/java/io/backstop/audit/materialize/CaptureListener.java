package io.backstop.audit.materialize;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes the capture topics; the container commits each record's offset after this returns (ack-mode record). */
@Component
class CaptureListener {

    private final Materializer materializer;

    CaptureListener(Materializer materializer) {
        this.materializer = materializer;
    }

    // the group id comes from spring.kafka.consumer.group-id, not from the listener id
    @KafkaListener(id = "audit-materializer", idIsGroup = false, topics = "#{T(io.backstop.contracts.Topics).captureTopics()}")
    void onChange(ConsumerRecord<String, String> record) {
        materializer.accept(record.topic(), record.key(), record.value());
    }
}
