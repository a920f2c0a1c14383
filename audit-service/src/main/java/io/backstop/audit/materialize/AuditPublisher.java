package io.backstop.audit.materialize;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

/** Publishes stored entries to {@code audit.events} and waits for the broker's acknowledgement. */
@Component
class AuditPublisher {

    private final KafkaTemplate<String, byte[]> template;
    private final long timeoutMillis;

    AuditPublisher(KafkaTemplate<String, byte[]> template, AuditProperties properties) {
        this.template = template;
        this.timeoutMillis = properties.publishTimeout().toMillis();
    }

    /** Sends every entry, then waits for all the acknowledgements: one wait per poll instead of one per entry. */
    void publishAll(List<AuditEntry> entries) {
        List<CompletableFuture<?>> sends = new ArrayList<>(entries.size());
        for (AuditEntry entry : entries) {
            sends.add(send(entry));
        }
        await(
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)),
                entries.size() + " audit entries"
                        + (entries.isEmpty() ? "" : ", from " + entries.get(0).id()));
    }

    private CompletableFuture<?> send(AuditEntry entry) {
        return template.send(
                Topics.AUDIT_EVENTS,
                AuditEvent.key(entry.collection(), entry.documentId()),
                Json.write(AuditEvents.of(entry)));
    }

    private void await(CompletableFuture<?> sent, String what) {
        try {
            sent.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            // transient: the records are delivered again, find their entries stored and publish them again
            throw new IllegalStateException("could not publish " + what + " to " + Topics.AUDIT_EVENTS, e);
        }
    }
}
