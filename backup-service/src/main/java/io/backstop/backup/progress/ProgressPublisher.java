package io.backstop.backup.progress;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import io.backstop.contracts.Json;
import io.backstop.contracts.OperationKind;
import io.backstop.contracts.ProgressEvent;
import io.backstop.contracts.Topics;

/**
 * Publishes {@link ProgressEvent}s keyed by operation id. Progress is a view for the gateway: a broker outage is
 * logged and never fails the backup or restore it describes (the operation record in MongoDB stays authoritative).
 */
public class ProgressPublisher {

    private static final Logger log = LoggerFactory.getLogger(ProgressPublisher.class);

    private final KafkaTemplate<String, String> kafka;
    private final Clock clock;

    public ProgressPublisher(KafkaTemplate<String, String> kafka, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
    }

    public void publish(
            String operationId,
            OperationKind kind,
            String phase,
            int percent,
            String message,
            String startedBy,
            Instant startedAt,
            String error) {
        ProgressEvent event = new ProgressEvent(
                ProgressEvent.SCHEMA_VERSION,
                operationId,
                kind.value(),
                phase,
                Math.max(0, Math.min(100, percent)),
                message,
                startedBy,
                startedAt,
                clock.instant(),
                error,
                kind.blocking());
        try {
            kafka.send(Topics.OPS_PROGRESS, operationId, new String(Json.write(event), StandardCharsets.UTF_8))
                    .whenComplete((result, failure) -> {
                        if (failure != null) {
                            log.warn("Progress event for {} not published: {}", operationId, failure.getMessage());
                        }
                    });
        } catch (RuntimeException e) {
            log.warn("Progress event for {} not published: {}", operationId, e.getMessage());
        }
    }
}
