package io.backstop.catalog.capture.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.junit.jupiter.api.AfterAll;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.backstop.catalog.CatalogServiceApplication;
import io.backstop.catalog.capture.CaptureMetrics;
import io.backstop.contracts.Actions;
import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.ChangeEventKey;
import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;
import io.backstop.infra.EmbeddedMongo;
import io.backstop.infra.KafkaBroker;
import io.backstop.outbox.Attribution;
import io.backstop.outbox.CaptureMode;
import io.backstop.outbox.CatalogWriter;
import io.backstop.outbox.FaultPoint;
import io.backstop.support.test.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Debezium mode against a real MongoDB replica set and Kafka. Needs Docker: skipped, visibly, where there is
 * none (this machine). Shows: API-style writes and a write that bypassed the API arrive on the contract topic
 * in our envelope, the delete marker's own update does not, and a restart resumes from the Kafka offsets
 * without re-snapshotting (no {@code r} events, nothing twice).
 */
class DebeziumCaptureIT {

    static final EmbeddedMongo MONGO = EmbeddedMongo.replicaSetInMemory();
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    @AfterAll
    static void stop() {
        MONGO.close();
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CatalogServiceApplication.class).web(WebApplicationType.NONE).run(
                "--spring.mongodb.uri=" + MONGO.uri("catalog"),
                "--spring.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                "--backstop.security.gateway-secret=" + TestTokens.SECRET,
                "--backstop.capture.mode=debezium",
                "--backstop.capture.debezium.heartbeat-interval=1s",
                "--backstop.capture.debezium.lease-renew=1s",
                "--backstop.capture.debezium.lease-stale=5s");
    }

    @Test
    void capturesApiAndDirectWritesAndResumesAfterARestartWithoutResnapshot() throws Exception {
        try (MongoClient client = MongoClients.create(MONGO.uri("catalog"))) {
            MongoDatabase db = client.getDatabase("catalog");
            // an existing collection without pre-images: the capture must switch them on itself (PreImages)
            db.createCollection("engines");
            // the writer as catalog-service builds it in this mode
            CatalogWriter writer = new CatalogWriter(db, Clock.systemUTC(), FaultPoint.NONE, CaptureMode.DEBEZIUM);
            String before = CatalogWriter.newId();
            writer.create("engines", before, new Document("name", "existing before capture"), Attribution.of(Actions.CREATE, "erin"));

            String id = CatalogWriter.newId();
            try (ConfigurableApplicationContext app = start()) {
                awaitRunning(app);
                writer.create("engines", id, new Document("name", "2.0 TFSI"), Attribution.of(Actions.CREATE, "erin"));
                writer.replace("engines", id, 1, new Document("name", "2.0 TFSI evo"), Attribution.of(Actions.UPDATE, "erin"));
                db.getCollection("engines").updateOne(new Document("_id", id),
                        new Document("$set", new Document("name", "shell edit")));
                List<ConsumerRecord<String, String>> first = consume(id, 3);
                assertThat(first).extracting(r -> event(r).op()).containsExactly("c", "u", "u");
                assertThat(Document.parse(event(first.get(1)).before()).getString("name")).isEqualTo("2.0 TFSI");
                assertThat(Document.parse(event(first.get(2)).after()).getString("name")).isEqualTo("shell edit");
                assertCounted(app.getBean(MeterRegistry.class), 3);
            }

            // captured while the engine is down: found again from the stored resume token
            writer.delete("engines", id, 2, Attribution.of(Actions.DELETE, "erin"));
            try (ConfigurableApplicationContext app = start()) {
                awaitRunning(app);
                List<ConsumerRecord<String, String>> all = consume(id, 5);
                assertThat(all.subList(3, 5)).extracting(r -> r.value() == null ? null : event(r).op())
                        .containsExactly("d", null);
                assertThat(Document.parse(event(all.get(3)).before()).get("_change", Document.class).getBoolean("deleted")).isTrue();
                assertThat(consume(before, 0)).as("no snapshot of documents that existed before capture").isEmpty();
                assertThat(db.getCollection("outbox").countDocuments()).as("nothing left in the outbox").isZero();
            }
        }
    }

    /** The same capture meters as the outbox mode, tagged debezium; counted right after the acks, so polled. */
    private static void assertCounted(MeterRegistry meters, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (meters.get(CaptureMetrics.PUBLISHED).tag("mode", "debezium").counter().count() < atLeast
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(meters.get(CaptureMetrics.PUBLISHED).tag("mode", "debezium").counter().count()).isGreaterThanOrEqualTo(atLeast);
        assertThat(meters.get(CaptureMetrics.LAG).tag("mode", "debezium").timer().count()).isGreaterThanOrEqualTo(atLeast);
    }

    private static void awaitRunning(ConfigurableApplicationContext app) throws InterruptedException {
        DebeziumCapture capture = app.getBean(DebeziumCapture.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (capture.state() != DebeziumCapture.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(capture.state()).isEqualTo(DebeziumCapture.State.RUNNING);
        Thread.sleep(3000); // the change stream opens asynchronously after the engine starts
    }

    private static ChangeEvent event(ConsumerRecord<String, String> r) {
        return Json.MAPPER.readValue(r.value(), ChangeEvent.class);
    }

    /** Every record for the document (tombstones included), waiting up to 30 s for {@code expected}. */
    private static List<ConsumerRecord<String, String>> consume(String documentId, int expected) {
        String key = Json.MAPPER.writeValueAsString(ChangeEventKey.of(documentId));
        List<ConsumerRecord<String, String>> result = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(Topics.captureTopic("engines")));
            long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 5 : 30).toNanos();
            while (System.nanoTime() < deadline && (expected == 0 || result.size() < expected)) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        result.add(r);
                    }
                });
            }
        }
        return result;
    }
}
