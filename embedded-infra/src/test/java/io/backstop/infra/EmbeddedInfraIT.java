package io.backstop.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClients;

class EmbeddedInfraIT {

    @TempDir
    Path dir;

    @Test
    void brokerKeepsRecordsAcrossAKillAndRestart() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), 0)) {
            produce(broker, "before-crash");
            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            broker.restart();
            produce(broker, "after-crash");

            assertThat(consumeAll(broker)).containsExactly("before-crash", "after-crash");
        }
    }

    @Test
    void mongoFileSurvivesARestart() {
        Path file = dir.resolve("mongo/data.mv");
        try (EmbeddedMongo mongo = EmbeddedMongo.file(file, 0);
                var client = MongoClients.create(mongo.connectionString())) {
            client.getDatabase("catalog")
                    .getCollection("brands")
                    .insertOne(new Document("_id", "b1").append("name", "Audi"));
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.file(file, 0);
                var client = MongoClients.create(mongo.connectionString())) {
            assertThat(client.getDatabase("catalog")
                            .getCollection("brands")
                            .find()
                            .first())
                    .containsEntry("name", "Audi");
        }
    }

    private static void produce(KafkaBroker broker, String value) throws Exception {
        try (var producer = new KafkaProducer<String, String>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>("probe", "k", value)).get();
        }
    }

    private static List<String> consumeAll(KafkaBroker broker) {
        try (var consumer = new KafkaConsumer<String, String>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, "probe",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("probe"));
            var values = new java.util.ArrayList<String>();
            try {
                // the consumer is not thread-safe: poll it on this thread
                Awaitility.await("both probes")
                        .atMost(Duration.ofSeconds(30))
                        .pollInSameThread()
                        .pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(1))
                        .until(() -> {
                            consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                            return values.size() >= 2;
                        });
            } catch (ConditionTimeoutException missing) {
                // the caller's assertion on the values says what is missing
            }
            return values;
        }
    }
}
