package io.backstop.catalog.capture.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoCommandException;
import com.mongodb.ServerAddress;

import io.backstop.catalog.capture.CaptureProperties;

class DebeziumSettingsTest {

    private static final Map<String, Object> KAFKA = Map.of("bootstrap.servers", List.of("kafka:9092"));

    private static Properties config() {
        var debezium = new CaptureProperties.Debezium(
                "backstop.capture.offsets",
                "no_data",
                Duration.ofSeconds(10),
                Duration.ofMillis(50),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                "backstop-catalog");
        return DebeziumConfig.build(debezium, "mongodb://rs0:27017/?replicaSet=rs0", "catalog", KAFKA);
    }

    @Test
    void engineResumesFromKafkaOffsetsAndNeverSnapshots() {
        Properties p = config();

        assertThat(p.getProperty("snapshot.mode")).isEqualTo("no_data");
        assertThat(p.getProperty("offset.storage"))
                .isEqualTo("org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        assertThat(p.getProperty("offset.storage.topic")).isEqualTo("backstop.capture.offsets");
        assertThat(p.getProperty("heartbeat.interval.ms")).isEqualTo("10000");
    }

    @Test
    void engineHandsOverChangesWithinItsPollIntervalNotDebeziumsHalfSecond() {
        assertThat(config().getProperty("poll.interval.ms")).isEqualTo("50");
    }

    @Test
    void engineCapturesFullDocumentsWithPreImagesOfTheCatalogCollectionsUnderTheContractPrefix() {
        Properties p = config();

        assertThat(p.getProperty("capture.mode")).isEqualTo("change_streams_update_full_with_pre_image");
        assertThat(p.getProperty("topic.prefix")).isEqualTo("backstop");
        assertThat(p.getProperty("collection.include.list")).isEqualTo("catalog.brands,catalog.models,catalog.engines");
    }

    @Test
    void credentialsLeaveTheLoggedConnectionStringForDebeziumsMaskedPasswordSetting() {
        var debezium = new CaptureProperties.Debezium(
                "backstop.capture.offsets",
                "no_data",
                Duration.ofSeconds(10),
                Duration.ofMillis(50),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                "backstop-catalog");
        Properties p = DebeziumConfig.build(
                debezium,
                "mongodb://capture:S3cret%2Fpw@rs0:27017,rs1:27017/catalog?replicaSet=rs0&authSource=admin",
                "catalog",
                KAFKA);

        assertThat(p.getProperty("mongodb.connection.string"))
                .isEqualTo("mongodb://rs0:27017,rs1:27017/catalog?replicaSet=rs0&authSource=admin");
        assertThat(p.getProperty("mongodb.user")).isEqualTo("capture");
        assertThat(p.getProperty("mongodb.password")).isEqualTo("S3cret/pw");
        assertThat(p.getProperty("mongodb.authsource")).isEqualTo("admin");
    }

    @Test
    void offsetStoreConnectsToKafkaWithTheServicesSaslAndTlsSettings() {
        var debezium = new CaptureProperties.Debezium(
                "backstop.capture.offsets",
                "no_data",
                Duration.ofSeconds(10),
                Duration.ofMillis(50),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                "backstop-catalog");
        Properties p = DebeziumConfig.build(
                debezium,
                "mongodb://rs0:27017/?replicaSet=rs0",
                "catalog",
                Map.of(
                        "bootstrap.servers", List.of("k1:9093", "k2:9093"),
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", "SCRAM-SHA-512",
                        "sasl.jaas.config",
                                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"a\" password=\"b\";",
                        "ssl.truststore.location", "/etc/kafka/truststore.p12",
                        "client.id", "not-for-the-engine"));

        assertThat(p.getProperty("bootstrap.servers")).isEqualTo("k1:9093,k2:9093");
        assertThat(p.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(p.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(p.getProperty("sasl.jaas.config")).contains("ScramLoginModule");
        assertThat(p.getProperty("ssl.truststore.location")).isEqualTo("/etc/kafka/truststore.p12");
        assertThat(p).doesNotContainKey("client.id");
    }

    @Test
    void connectionStringWithoutCredentialsIsPassedAsItIs() {
        Properties p = config();

        assertThat(p.getProperty("mongodb.connection.string")).isEqualTo("mongodb://rs0:27017/?replicaSet=rs0");
        assertThat(p).doesNotContainKey("mongodb.user").doesNotContainKey("mongodb.password");
    }

    @Test
    void lostResumeTokenIsRecognisedByServerCodeAndByDebeziumsWording() {
        var historyLost = new MongoCommandException(
                BsonDocument.parse(
                        "{ok: 0, code: 286, codeName: 'ChangeStreamHistoryLost', errmsg: 'Resume of change stream was not possible'}"),
                new ServerAddress());

        assertThat(ResumeTokens.isLost("engine failed", new RuntimeException("wrapped", historyLost)))
                .isTrue();
        assertThat(ResumeTokens.isLost("Error: InvalidResumeToken", null)).isTrue();
        assertThat(ResumeTokens.isLost("connection refused", new java.net.ConnectException("refused")))
                .isFalse();
    }
}
