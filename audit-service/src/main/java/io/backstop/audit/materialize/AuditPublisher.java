package io.backstop.audit.materialize;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.backstop.audit.AuditProperties;
import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.AuditEvents;
import io.backstop.contracts.AuditEvent;
import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;

/** Publishes a stored entry to {@code audit.events} and waits for the broker's acknowledgement. */
@Component
class AuditPublisher {

    private final KafkaTemplate<String, String> template;
    private final long timeoutMillis;

    AuditPublisher(KafkaTemplate<String, String> template, AuditProperties properties) {
        this.template = template;
        this.timeoutMillis = properties.publishTimeout().toMillis();
    }

    void publish(AuditEntry entry) {
        AuditEvent event = AuditEvents.of(entry);
        String value = new String(Json.write(event), java.nio.charset.StandardCharsets.UTF_8);
        try {
            template.send(Topics.AUDIT_EVENTS, AuditEvent.key(entry.collection(), entry.documentId()), value)
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing audit entry " + entry.id(), e);
        }
        catch (ExecutionException | TimeoutException e) {
            // transient: the record is delivered again, finds its entry stored and publishes it again
            throw new IllegalStateException("could not publish audit entry " + entry.id() + " to " + Topics.AUDIT_EVENTS, e);
        }
    }
}
