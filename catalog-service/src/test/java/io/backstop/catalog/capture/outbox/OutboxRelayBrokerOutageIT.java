package io.backstop.catalog.capture.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.backstop.catalog.capture.CaptureKafkaConfiguration;
import io.backstop.catalog.capture.CaptureMetrics;
import io.backstop.catalog.capture.CaptureProperties;
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
import io.backstop.outbox.OutboxFields;
import io.backstop.outbox.OutboxRecovery;
import io.backstop.outbox.OutboxSchema;
import io.backstop.outbox.OutboxStore;
import io.backstop.support.CaptureModeProperties;

/**
 * The relay deletes entries as published only after the broker acknowledged them: with the broker killed nothing is
 * marked, and after its restart everything is published, in order per document, without loss.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutboxRelayBrokerOutageIT {

    @TempDir
    Path dir;

    private KafkaBroker broker;
    private EmbeddedMongo mongo;
    private MongoClient client;
    private MongoDatabase db;
    private OutboxRelay relay;
    private SimpleMeterRegistry meters;

    @BeforeEach
    void start() {
        broker = KafkaBroker.start(dir.resolve("kafka"), 0);
        mongo = EmbeddedMongo.inMemory();
        client = MongoClients.create(mongo.connectionString());
        db = client.getDatabase("catalog");
        OutboxSchema.ensureIndexes(db);
        var outbox = new CaptureProperties.Outbox(
                Duration.ofMillis(100), 100, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofDays(7));
        var capture = new CaptureProperties(true, outbox, null);
        meters = new SimpleMeterRegistry();
        // publishOnce is driven by the test, so the relay's own thread is never started
        relay = new OutboxRelay(
                new OutboxStore(db, Clock.systemUTC()),
                new OutboxRecovery(db, Clock.systemUTC()),
                capture,
                null,
                Clock.systemUTC(),
                new CaptureMetrics(meters, new CaptureModeProperties(CaptureMode.OUTBOX), Clock.systemUTC()),
                new SimpleAsyncTaskExecutor());
    }

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
        broker.close();
    }

    /** catalog-service's own producer settings, with timeouts short enough that the outage shows within the test. */
    private DefaultKafkaProducerFactory<String, byte[]> producer() {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(broker.bootstrapServers()));
        Map<String, Object> p = new HashMap<>(CaptureKafkaConfiguration.producerConfig(kafka));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4000);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new DefaultKafkaProducerFactory<>(p);
    }

    private int publishOnce() throws InterruptedException {
        DefaultKafkaProducerFactory<String, byte[]> producer = producer();
        try {
            return relay.publishOnce(new KafkaTemplate<>(producer));
        } finally {
            producer.destroy();
        }
    }

    @Test
    void nothingIsMarkedPublishedWhileTheBrokerIsDownAndNothingIsLostAfterItComesBack(CapturedOutput output)
            throws Exception {
        CatalogWriter writer = new CatalogWriter(db);
        Attribution by = Attribution.of(Actions.CREATE, "erin");
        String a = CatalogWriter.newId();
        writer.create("engines", a, new Document("name", "a"), by);
        assertThat(publishOnce()).isEqualTo(1);

        broker.kill();
        writer.replace(
                "engines",
                a,
                1,
                new Document("name", "a2"),
                new Attribution(Actions.UPDATE, "erin", null, "req-outage-1", null));
        String b = CatalogWriter.newId();
        writer.create("engines", b, new Document("name", "b"), by);
        assertThatThrownBy(this::publishOnce).isInstanceOf(IllegalStateException.class);
        assertThat(new OutboxStore(db, Clock.systemUTC()).count(OutboxFields.READY))
                .isEqualTo(2);
        assertThat(db.getCollection(OutboxFields.OUTBOX).countDocuments())
                .as("the acknowledged entry is gone")
                .isEqualTo(2);
        assertThat(published()).as("only acknowledged changes are counted").isEqualTo(1);
        assertThat(output.getOut() + output.getErr())
                .as("the unacknowledged change's warning names its request id")
                .containsPattern("req-outage-1.*not acknowledged|not acknowledged.*req-outage-1");

        broker.restart();
        assertThat(publishOnce()).isEqualTo(2);
        assertThat(published()).isEqualTo(3);
        assertThat(meters.get(CaptureMetrics.LAG).tag("mode", "outbox").timer().count())
                .isEqualTo(3);

        List<ConsumerRecord<String, String>> records = consume(3);
        String keyA = Json.MAPPER.writeValueAsString(ChangeEventKey.of(a));
        List<String> opsOfA = records.stream()
                .filter(r -> r.key().equals(keyA))
                .map(r -> Json.MAPPER.readValue(r.value(), ChangeEvent.class).op())
                .toList();
        assertThat(opsOfA).containsExactly("c", "u");
        assertThat(records.stream()
                        .map(r -> Json.MAPPER
                                .readValue(r.value(), ChangeEvent.class)
                                .position())
                        .distinct())
                .hasSize(3);
    }

    private double published() {
        return meters.get(CaptureMetrics.PUBLISHED)
                .tag("mode", "outbox")
                .counter()
                .count();
    }

    private List<ConsumerRecord<String, String>> consume(int expected) {
        List<ConsumerRecord<String, String>> result = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(Topics.captureTopic("engines")));
            // the consumer is not thread-safe: poll it on this thread
            await("%d records".formatted(expected))
                    .atMost(Duration.ofSeconds(60))
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(500)).forEach(result::add);
                        return result.size() >= expected;
                    });
        }
        assertThat(result).hasSize(expected);
        return result;
    }
}
