package io.backstop.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.ObjectId;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;

import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.ChangeEventKey;
import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;
import io.backstop.stack.EmbeddedStack;

/**
 * audit-service's materializer against the raw limit of the same work without its logic: the same change events,
 * read from the same topics by a plain consumer and bulk-inserted into MongoDB with no diffing and no versioning.
 * Events are produced while audit-service is stopped. Both sides first work through the same number of warm-up
 * events, untimed; audit-service's time then runs from its last warm-up entry to its last entry, so start-up and
 * JIT compilation are not counted, as they are not in the benchmark JVM's raw loop either.
 */
final class MaterializerBench {

    private static final String NAME = "audit materializer";
    private static final Duration QUIET = Duration.ofSeconds(60);
    private static final JsonWriterSettings RELAXED =
            JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private final Report report;
    private final EmbeddedStack stack;

    MaterializerBench(Report report, EmbeddedStack stack) {
        this.report = report;
        this.stack = stack;
    }

    /**
     * @param warmUpDocuments materialized first and not timed, on both sides: audit-service starts cold for this
     *                        benchmark, and its first seconds are JIT compilation, not its rate
     */
    void run(int warmUpDocuments, int documents) throws Exception {
        int warmUpEvents = warmUpDocuments * 2;
        int events = documents * 2;
        stack.stopService("audit-service");
        Map<TopicPartition, Long> from = endOffsets();
        produce(warmUpDocuments);
        Map<TopicPartition, Long> measuredFrom = endOffsets();
        produce(documents);
        Map<TopicPartition, Long> to = endOffsets();
        rawConsumeAndInsert(from, measuredFrom, warmUpEvents);
        double quietBeforeRaw = StackCpu.awaitQuiet(stack, QUIET);
        // the raw loop's few seconds moved by a factor of two between runs on this machine: its limit is the median
        // of three passes over the same records
        List<Double> rawRounds = new ArrayList<>();
        StackCpu rawCpu = StackCpu.start(stack);
        for (int round = 0; round < Bench.ROUNDS; round++) {
            rawRounds.add(rawConsumeAndInsert(measuredFrom, to, events));
        }
        Map<String, Double> rawCpuSeconds = rawCpu.seconds();
        double rawSeconds = Bench.median(rawRounds, Double::doubleValue);
        double quietBeforeAuditService = StackCpu.awaitQuiet(stack, QUIET);

        try (MongoClient client = MongoClients.create(stack.mongoConnectionString())) {
            MongoCollection<Document> auditLogs = client.getDatabase("audit").getCollection("audit_logs");
            long baseline = auditLogs.countDocuments();
            long started = System.nanoTime();
            stack.startService("audit-service");
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            long first = 0;
            StackCpu cpu = null;
            long count = baseline;
            while (count < baseline + warmUpEvents + events && System.nanoTime() < deadline) {
                count = auditLogs.estimatedDocumentCount();
                if (first == 0 && count >= baseline + warmUpEvents) {
                    first = System.nanoTime();
                    cpu = StackCpu.start(stack);
                }
                Bench.sleep(100);
            }
            if (count < baseline + warmUpEvents + events) {
                throw new IllegalStateException(
                        "audit-service materialized " + (count - baseline) + " of " + (warmUpEvents + events));
            }
            double seconds = (System.nanoTime() - first) / 1e9;
            report.add(Measurement.againstLimit(
                    NAME,
                    "events/s materialized (diff, version, store, publish)",
                    events / seconds,
                    "events/s",
                    "raw consume + insertMany",
                    events / rawSeconds,
                    0.5,
                    Map.of(
                            "events",
                            events,
                            "seconds",
                            seconds,
                            "rawSeconds",
                            rawSeconds,
                            "warmUpEvents (not judged)",
                            warmUpEvents,
                            "startToWarmedUpSeconds (not judged)",
                            (first - started) / 1e9,
                            "cpuSeconds",
                            cpu.seconds(),
                            "cpuSeconds of the raw loop's three passes",
                            rawCpuSeconds,
                            "rawSeconds of every pass (the limit is their median)",
                            rawRounds,
                            "seconds waited for a quiet stack before each side",
                            List.of(quietBeforeRaw, quietBeforeAuditService))));
        }
    }

    private void produce(int documents) throws Exception {
        Random random = new Random(7);
        long ts = System.currentTimeMillis();
        try (var producer = new KafkaProducer<byte[], byte[]>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        262144),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long ord = 0;
            for (int i = 0; i < documents; i++) {
                Document created = CatalogData.engine(i, random);
                Document updated = new Document(created);
                updated.put("powerHp", created.getInteger("powerHp") + 15);
                updated.put("version", 2L);
                updated.put(
                        "_change",
                        new Document("txId", new ObjectId().toHexString())
                                .append("action", "update")
                                .append("by", "bench")
                                .append("at", new Date()));
                String id = created.getString("_id");
                send(
                        producer,
                        id,
                        new ChangeEvent(
                                null, created.toJson(RELAXED), null, source(ts, ++ord), ChangeEvent.CREATE, ts));
                send(
                        producer,
                        id,
                        new ChangeEvent(
                                created.toJson(RELAXED),
                                updated.toJson(RELAXED),
                                null,
                                source(ts, ++ord),
                                ChangeEvent.UPDATE,
                                ts));
            }
            producer.flush();
        }
    }

    private static ChangeEvent.Source source(long ts, long ord) {
        return new ChangeEvent.Source(
                "bench", "mongodb", Topics.CAPTURE_PREFIX, ts, "false", Topics.CATALOG_DB, "engines", ord, null, null);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String id, ChangeEvent event) {
        producer.send(new ProducerRecord<>(
                Topics.captureTopic("engines"), Json.write(ChangeEventKey.of(id)), Json.write(event)));
    }

    /** The limit: the same records, consumed and inserted as they are, in batches. */
    private double rawConsumeAndInsert(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, int events) {
        try (MongoClient client = MongoClients.create(stack.mongoConnectionString());
                var consumer = new KafkaConsumer<byte[], byte[]>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                stack.kafkaBootstrapServers(),
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            MongoCollection<Document> target = client.getDatabase("benchraw").getCollection("events");
            target.drop();
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long t0 = System.nanoTime();
            int consumed = 0;
            List<Document> batch = new ArrayList<>();
            while (consumed < events) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.offset() >= to.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    ChangeEvent event = Json.read(record.value(), ChangeEvent.class);
                    batch.add(new Document("position", event.position())
                            .append("op", event.op())
                            .append("after", Document.parse(event.after())));
                    consumed++;
                    if (batch.size() == 500) {
                        target.insertMany(batch, new InsertManyOptions().ordered(false));
                        batch.clear();
                    }
                }
            }
            if (!batch.isEmpty()) {
                target.insertMany(batch, new InsertManyOptions().ordered(false));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            target.drop();
            return seconds;
        }
    }

    private Map<TopicPartition, Long> endOffsets() {
        try (var consumer = new KafkaConsumer<byte[], byte[]>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.captureTopic("engines")).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }
}
