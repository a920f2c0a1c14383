package io.backstop.catalog.capture.debezium;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCredential;

import io.backstop.catalog.capture.CaptureProperties;
import io.backstop.contracts.Topics;

/** The engine's properties, in one place so their reasons sit next to them. */
final class DebeziumConfig {

    private static final Pattern USER_INFO = Pattern.compile("^(mongodb(?:\\+srv)?://)[^@/]*@");

    private DebeziumConfig() {}

    /**
     * @param kafkaClient the service's own Kafka client settings ({@code KafkaProperties#buildAdminProperties}):
     *        the offset store's clients need the same bootstrap servers, TLS and SASL settings
     */
    static Properties build(
            CaptureProperties.Debezium config, String mongoUri, String database, Map<String, Object> kafkaClient) {
        Properties p = new Properties();
        p.setProperty("name", config.engineName());
        p.setProperty("connector.class", "io.debezium.connector.mongodb.MongoDbConnector");
        credentials(p, mongoUri);
        // topics are <topic.prefix>.<db>.<collection>: backstop.catalog.* as the contract fixes
        p.setProperty("topic.prefix", Topics.CAPTURE_PREFIX);
        p.setProperty("database.include.list", database);
        // one database-level change stream instead of the whole deployment's (fewer privileges, less traffic)
        p.setProperty("capture.scope", "database");
        p.setProperty("capture.target", database);
        p.setProperty(
                "collection.include.list",
                Topics.CATALOG_COLLECTIONS.stream().map(c -> database + "." + c).collect(Collectors.joining(",")));
        // full document on updates, pre-images where the collection has changeStreamPreAndPostImages enabled
        p.setProperty("capture.mode", "change_streams_update_full_with_pre_image");
        // no_data: never copy existing documents (they were captured when written, or belong to a backup);
        // when_needed / initial would re-snapshot silently when offsets are missing or the token is invalid
        p.setProperty("snapshot.mode", config.snapshotMode());
        p.setProperty("tombstones.on.delete", "true");
        p.setProperty(
                "heartbeat.interval.ms",
                Long.toString(config.heartbeatInterval().toMillis()));
        // the engine hands over a batch when it is full or when this much time has passed, whichever comes first:
        // with the default 500 ms every change waited about a quarter of a second before it was even published
        // (measured: p50 471 ms at 25 writes/s), where the outbox relay's 50 ms pause costs 25 ms
        p.setProperty("poll.interval.ms", Long.toString(config.pollInterval().toMillis()));
        // offsets (the resume token) in Kafka, so any replica that takes over the lease resumes where the last
        // one stopped; nothing on a local disk that dies with the pod
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        p.setProperty("offset.storage.topic", config.offsetTopic());
        p.setProperty("offset.storage.partitions", "1");
        p.setProperty("offset.storage.replication.factor", "1");
        p.setProperty("offset.flush.interval.ms", "1000");
        kafkaConnection(p, kafkaClient);
        p.setProperty("key.converter.schemas.enable", "false");
        p.setProperty("value.converter.schemas.enable", "false");
        // fail loudly on an oversized event rather than skip it (a skipped change is a lost audit entry)
        p.setProperty("cursor.oversize.handling.mode", "fail");
        p.setProperty("errors.max.retries", "5");
        return p;
    }

    /**
     * Debezium logs {@code mongodb.connection.string} verbatim when the task starts (it is a plain string
     * setting); {@code mongodb.password} is a password setting and is masked. So the user and password move out
     * of the URI into those, and the URI keeps only hosts and options.
     */
    private static void credentials(Properties p, String mongoUri) {
        MongoCredential credential = new ConnectionString(mongoUri).getCredential();
        if (credential == null || credential.getUserName() == null) {
            p.setProperty("mongodb.connection.string", mongoUri);
            return;
        }
        p.setProperty("mongodb.connection.string", withoutUserInfo(mongoUri));
        p.setProperty("mongodb.user", credential.getUserName());
        if (credential.getPassword() != null) {
            p.setProperty("mongodb.password", new String(credential.getPassword()));
        }
        p.setProperty("mongodb.authsource", credential.getSource());
    }

    /**
     * The offset store's producer, consumer and admin client take the engine's top-level settings; a broker that
     * requires SASL/SCRAM or TLS refuses them without these (spring.kafka.properties.security.protocol, sasl.*,
     * spring.kafka.ssl.*), which the service's own clients already carry.
     */
    private static void kafkaConnection(Properties p, Map<String, Object> kafkaClient) {
        kafkaClient.forEach((key, value) -> {
            if (value != null
                    && (key.equals("bootstrap.servers")
                            || key.startsWith("security.")
                            || key.startsWith("sasl.")
                            || key.startsWith("ssl."))) {
                p.setProperty(
                        key,
                        value instanceof List<?> list
                                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                                : String.valueOf(value));
            }
        });
    }

    static String withoutUserInfo(String mongoUri) {
        return USER_INFO.matcher(mongoUri).replaceFirst("$1");
    }
}
