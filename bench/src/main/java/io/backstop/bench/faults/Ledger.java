package io.backstop.bench.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;

/**
 * Counts a scenario's changes where each stage of the pipeline keeps them: the capture topics (distinct source
 * positions, since delivery is at least once) and audit_logs (entries, checked for duplicate versions).
 */
public final class Ledger {

    private final String bootstrap;
    private final MongoClient mongo;

    public Ledger(String bootstrap, MongoClient mongo) {
        this.bootstrap = bootstrap;
        this.mongo = mongo;
    }

    /** Distinct changes on the capture topics whose event satisfies {@code match} (given the event's JSON). */
    long captured(Predicate<JsonNode> match) {
        Set<String> positions = new HashSet<>();
        try (var consumer = new KafkaConsumer<String, String>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5000),
                new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : Topics.captureTopics()) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        continue;
                    }
                    JsonNode event = Json.MAPPER.readTree(r.value());
                    if (match.test(event)) {
                        JsonNode source = event.get("source");
                        positions.add(source.get("ts_ms").asLong() + ":"
                                + source.get("ord").asLong());
                    }
                }
            }
        }
        return positions.size();
    }

    /** Events about one of {@code ids}. */
    public long capturedFor(Collection<String> ids) {
        Set<String> set = new HashSet<>(ids);
        return captured(e -> set.contains(documentId(e)));
    }

    /** audit_logs entries for the documents, failing loudly on a duplicate (document, version). */
    public long materializedFor(Collection<String> ids) {
        return materialized(Filters.in("documentId", ids));
    }

    long materialized(org.bson.conversions.Bson filter) {
        var logs = mongo.getDatabase("audit").getCollection("audit_logs");
        Set<String> versions = new HashSet<>();
        long n = 0;
        try (var cursor = logs.find(filter)
                .projection(new Document("documentId", 1).append("version", 1))
                .iterator()) {
            while (cursor.hasNext()) {
                Document d = cursor.next();
                n++;
                if (!versions.add(d.getString("documentId") + "@" + d.get("version"))) {
                    throw new IllegalStateException("duplicate audit entry " + d);
                }
            }
        }
        return n;
    }

    /** The document id of a change event: from its after (or before) document. */
    static String documentId(JsonNode event) {
        JsonNode doc = doc(event);
        return doc == null ? null : doc.get("_id").asString();
    }

    static JsonNode doc(JsonNode event) {
        JsonNode after = event.get("after");
        JsonNode json = after != null && !after.isNull() ? after : event.get("before");
        return json == null || json.isNull() ? null : Json.MAPPER.readTree(json.asString());
    }
}
