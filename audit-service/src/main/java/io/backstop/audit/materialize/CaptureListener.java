package io.backstop.audit.materialize;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes the capture topics a poll at a time; the container commits the poll's offsets after this returns (ack-mode batch). */
@Component
class CaptureListener {

    private final Materializer materializer;

    CaptureListener(Materializer materializer) {
        this.materializer = materializer;
    }

    // the group id comes from spring.kafka.consumer.group-id, not from the listener id
    @KafkaListener(
            id = "audit-materializer",
            idIsGroup = false,
            batch = "true",
            topics = "#{T(io.backstop.contracts.Topics).captureTopics()}")
    void onChanges(List<ConsumerRecord<String, String>> records) {
        materializer.acceptAll(records);
    }
}
