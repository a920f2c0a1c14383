package io.backstop.gateway.ops;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.backstop.contracts.Actions;
import io.backstop.contracts.AuditEvent;
import io.backstop.contracts.Json;
import io.backstop.contracts.ProgressEvent;
import io.backstop.contracts.Topics;
import io.backstop.infra.KafkaBroker;

/** Publishes progress events as backup-service would, and audit entries as audit-service would, to the real broker. */
final class ProgressFeed implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    ProgressFeed(KafkaBroker broker) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    static void createTopic(KafkaBroker broker) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic(Topics.OPS_PROGRESS, 1, (short) 1),
                            new NewTopic(Topics.AUDIT_EVENTS, 1, (short) 1)))
                    .all()
                    .get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The listener starts at "latest": events sent before it has its partition would never reach it. */
    static void awaitAssigned(KafkaListenerEndpointRegistry registry) {
        for (String id : List.of("ops-progress", "catalog-changes")) {
            MessageListenerContainer container = registry.getListenerContainer(id);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> container.getAssignedPartitions() != null
                            && !container.getAssignedPartitions().isEmpty());
        }
    }

    static ProgressEvent event(
            String operationId,
            String kind,
            String phase,
            int percent,
            String message,
            String error,
            boolean blocking) {
        return new ProgressEvent(
                ProgressEvent.SCHEMA_VERSION,
                operationId,
                kind,
                phase,
                percent,
                message,
                "admin",
                Instant.parse("2026-11-26T10:00:00Z"),
                Instant.now(),
                error,
                blocking);
    }

    void send(ProgressEvent event) throws Exception {
        producer.send(new ProducerRecord<>(Topics.OPS_PROGRESS, event.operationId(), Json.write(event)))
                .get();
    }

    /** An audit entry as audit-service publishes it; only what the gateway reads is filled in. */
    void sendAudit(String collection, String documentId, long version, String action) throws Exception {
        sendAuditAsync(collection, documentId, version, action).get();
    }

    java.util.concurrent.Future<?> sendAuditAsync(String collection, String documentId, long version, String action) {
        AuditEvent entry = new AuditEvent(
                AuditEvent.SCHEMA_VERSION,
                collection + "-" + documentId + "-" + version,
                collection,
                documentId,
                Actions.of(action),
                version,
                null,
                Map.of("name", "x"),
                List.of(),
                "admin",
                Instant.now(),
                null,
                null,
                null,
                Map.of());
        return producer.send(
                new ProducerRecord<>(Topics.AUDIT_EVENTS, AuditEvent.key(collection, documentId), Json.write(entry)));
    }

    void flush() {
        producer.flush();
    }

    void sendRaw(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.OPS_PROGRESS, key, value)).get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
