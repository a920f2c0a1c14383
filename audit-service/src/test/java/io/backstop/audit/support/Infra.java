package io.backstop.audit.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.backstop.audit.AuditServiceApplication;
import io.backstop.contracts.Topics;
import io.backstop.support.test.TestTokens;

/** Running audit-service against real infrastructure in tests. */
public final class Infra {

    private Infra() {}

    public static List<String> appArgs(String mongoUri, String bootstrap, String groupId, String database) {
        return List.of(
                "--server.port=0",
                "--spring.mongodb.uri=" + mongoUri,
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.kafka.consumer.group-id=" + groupId,
                "--backstop.audit.database=" + database,
                "--backstop.audit.retry-backoff=100ms",
                "--backstop.security.gateway-secret=" + TestTokens.SECRET);
    }

    public static ConfigurableApplicationContext startApp(
            String mongoUri, String bootstrap, String groupId, String database) {
        return new SpringApplicationBuilder(AuditServiceApplication.class)
                .run(appArgs(mongoUri, bootstrap, groupId, database).toArray(String[]::new));
    }

    /** Creates the capture topics (3 partitions) if missing: producing into auto-created topics on a fresh broker is racy. */
    public static void createCaptureTopics(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get();
            List<org.apache.kafka.clients.admin.NewTopic> missing = Topics.captureTopics().stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new org.apache.kafka.clients.admin.NewTopic(t, 3, (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Sends the records in order and fails unless the broker acknowledged every one. */
    public static void produce(String bootstrap, List<CaptureRecords.Rec> records) {
        createCaptureTopics(bootstrap);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // the topics were just created: a first request refused while a partition loads must not let the next
        // one overtake it (ServiceDefaults explains the broker's side)
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (CaptureRecords.Rec r : records) {
                sent.add(producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value())));
            }
            producer.flush();
            for (var f : sent) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("test records were not all acknowledged", e);
        }
    }

    /** True once the group has committed the end offset of every partition of the capture topics. */
    public static boolean caughtUp(String bootstrap, String groupId) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(Topics.captureTopics())
                    .allTopicNames()
                    .get()
                    .forEach((topic, description) -> description
                            .partitions()
                            .forEach(part ->
                                    request.put(new TopicPartition(topic, part.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(request).all().get();
            for (var e : ends.entrySet()) {
                long end = e.getValue().offset();
                OffsetAndMetadata c = committed.get(e.getKey());
                if (end > 0 && (c == null || c.offset() < end)) {
                    System.err.println("not caught up yet: " + e.getKey() + " at " + c + " of " + end);
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            System.err.println("not caught up yet: " + e);
            return false;
        }
    }

    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(condition::getAsBoolean);
    }

    /** The entries of the given documents, ordered by _id, as stored. */
    public static List<Document> entries(String mongoUri, String database, Set<String> documentIds) {
        try (MongoClient client = MongoClients.create(mongoUri);
                MongoCursor<Document> it = client.getDatabase(database)
                        .getCollection("audit_logs")
                        .find(Filters.in("documentId", documentIds))
                        .sort(Sorts.ascending("_id"))
                        .iterator()) {
            List<Document> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            return out;
        }
    }

    /**
     * The entries without their global links: two runs store the same entries, with the same document chains, but
     * link them into the global chain in the order their consumers happened to store them.
     */
    public static List<Document> withoutGlobalLinks(List<Document> entries) {
        return entries.stream()
                .map(d -> {
                    Document copy = new Document(d);
                    copy.remove("chain");
                    return copy;
                })
                .toList();
    }
}
