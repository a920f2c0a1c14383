package io.backstop.catalog.capture.debezium;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.backstop.catalog.CatalogServiceApplication;
import io.backstop.catalog.capture.CapturedRecords;
import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.Topics;
import io.backstop.infra.EmbeddedMongo;
import io.backstop.infra.KafkaBroker;
import io.backstop.support.test.TestTokens;

/**
 * catalog-service replicas in debezium mode against an embedded replica set and the shared broker, in this JVM or
 * as a child process of the packaged jar (which a test can kill -9). Each cluster has an engine name and offset
 * topic of its own, so the tests of one JVM do not share offsets or a lease.
 */
final class CaptureCluster {

    private final EmbeddedMongo mongo;
    private final String engine = "it-" + UUID.randomUUID();

    CaptureCluster(EmbeddedMongo mongo) {
        this.mongo = mongo;
    }

    String engine() {
        return engine;
    }

    List<String> settings() {
        return List.of(
                "--spring.mongodb.uri=" + mongo.uri("catalog"),
                "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
                "--backstop.capture.mode=debezium",
                "--backstop.capture.debezium.engine-name=" + engine,
                "--backstop.capture.debezium.offset-topic=" + engine + ".offsets",
                "--backstop.capture.debezium.heartbeat-interval=1s",
                "--backstop.capture.debezium.lease-renew=1s",
                "--backstop.capture.debezium.lease-stale=5s");
    }

    ConfigurableApplicationContext startHere() {
        return start(WebApplicationType.NONE);
    }

    /** With its HTTP API on a free port ({@code local.server.port}), for tests that write through the API. */
    ConfigurableApplicationContext startServingHere() {
        return start(WebApplicationType.SERVLET);
    }

    private ConfigurableApplicationContext start(WebApplicationType web) {
        List<String> args = new ArrayList<>(settings());
        args.add("--backstop.security.gateway-secret=" + TestTokens.SECRET);
        args.add("--server.port=0");
        return new SpringApplicationBuilder(CatalogServiceApplication.class)
                .web(web)
                .run(args.toArray(String[]::new));
    }

    /** The packaged service in a JVM of its own; the secret goes through the environment, never the command line. */
    Process startChild(Path log) throws java.io.IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-jar",
                "target/catalog-service-0.1.0-SNAPSHOT.jar",
                "--server.port=0"));
        cmd.addAll(settings());
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("BACKSTOP_GATEWAY_SECRET", TestTokens.SECRET);
        return builder.start();
    }

    /** Every record for the document on its collection's capture topic: {@link CapturedRecords#of}. */
    static List<ConsumerRecord<String, String>> consume(String collection, String documentId, int expected) {
        return CapturedRecords.of(Topics.captureTopic(collection), documentId, expected);
    }

    /** How many times the engine has stored its offsets (records in its offset topic). */
    long storedOffsets() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(engine + ".offsets", Duration.ofSeconds(10)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    static ChangeEvent event(ConsumerRecord<String, String> r) {
        return CapturedRecords.event(r);
    }
}
