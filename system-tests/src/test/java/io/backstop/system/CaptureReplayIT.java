package io.backstop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.backstop.bench.faults.Ledger;
import io.backstop.contracts.Topics;
import io.backstop.stack.EmbeddedStack;
import io.backstop.stack.GatewayClient;

/**
 * The capture path of the embedded default (Debezium reading the emulated replica set's change streams), end to
 * end and again: API writes and a driver write are captured once each and materialized once each, and replaying the
 * capture topics from the beginning into a trail that lost those entries rebuilds exactly the same entries.
 */
@ExtendWith(RunningStack.class)
class CaptureReplayIT {

    private static final String GROUP = "audit-service";
    private final GatewayClient editor = Api.as("editor", "editor");

    @Test
    void changesWrittenEqualCapturedEqualMaterializedAndAReplayRebuildsTheSameTrail() throws Exception {
        EmbeddedStack stack = RunningStack.get();
        try (MongoClient mongo = MongoClients.create(stack.mongoConnectionString())) {
            String brand = id(editor.post("/api/catalog/brands", Map.of("name", "Replay Motors")));
            String modelA =
                    id(editor.post("/api/catalog/models", Map.of("brandId", brand, "name", "R1", "yearFrom", 2019)));
            String modelB =
                    id(editor.post("/api/catalog/models", Map.of("brandId", brand, "name", "R2", "yearFrom", 2021)));
            Map<String, Object> engine = new LinkedHashMap<>(Map.of(
                    "modelId",
                    modelA,
                    "name",
                    "1.5 TSI",
                    "fuel",
                    "petrol",
                    "powerHp",
                    150,
                    "torqueNm",
                    250,
                    "stages",
                    List.of(Map.of("stage", 1, "powerHp", 180, "torqueNm", 300, "priceEur", 399))));
            String id = id(editor.post("/api/catalog/engines", engine));
            engine.put("powerHp", 160);
            engine.put("version", 1);
            assertThat(editor.put("/api/catalog/engines/" + id, engine).status())
                    .isEqualTo(200);
            assertThat(editor.post("/api/catalog/engines/" + id + "/move", Map.of("parentId", modelB, "version", 2))
                            .status())
                    .isEqualTo(200);
            mongo.getDatabase("catalog")
                    .getCollection("engines")
                    .updateOne(Filters.eq("_id", id), Updates.set("torqueNm", 260));
            List<String> ids = List.of(brand, modelA, modelB, id);
            int written = 7; // three creates of parents; the engine's create, update and move; the script's update

            Ledger ledger = new Ledger(stack.kafkaBootstrapServers(), mongo);
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger.materializedFor(ids) >= written);
            assertThat(ledger.capturedFor(ids)).as("captured").isEqualTo(written);
            assertThat(ledger.materializedFor(ids)).as("materialized").isEqualTo(written);

            MongoCollection<Document> logs = mongo.getDatabase("audit").getCollection("audit_logs");
            List<Document> trail = entries(logs, ids);
            stack.stopService("audit-service");
            try {
                logs.deleteMany(Filters.in("documentId", ids));
                replayFromTheBeginning(stack.kafkaBootstrapServers());
            } finally {
                stack.startService("audit-service");
            }
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> entries(logs, ids).size() >= trail.size());
            // the replayed entries join the global chain anew, after whatever it holds now: the same entries with
            // the same document chains, at other places in the global one (docs/audit-chain.md)
            assertThat(withoutGlobalLinks(entries(logs, ids))).isEqualTo(withoutGlobalLinks(trail));
        }
    }

    /** audit-service's group back to offset 0 of every capture topic, as an operator rebuilding the trail does. */
    private static void replayFromTheBeginning(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            admin.describeTopics(new ArrayList<>(Topics.captureTopics()))
                    .allTopicNames()
                    .get()
                    .values()
                    .forEach(t -> t.partitions()
                            .forEach(p ->
                                    start.put(new TopicPartition(t.name(), p.partition()), new OffsetAndMetadata(0))));
            // the group's member left with the service; its session may need a moment to end on the broker
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets(GROUP, start).all().get();
                return true;
            });
        }
    }

    private static List<Document> entries(MongoCollection<Document> logs, List<String> ids) {
        return logs.find(Filters.in("documentId", ids))
                .sort(Sorts.ascending("_id"))
                .into(new ArrayList<>());
    }

    private static List<Document> withoutGlobalLinks(List<Document> entries) {
        return entries.stream()
                .map(d -> {
                    Document copy = new Document(d);
                    copy.remove("chain");
                    return copy;
                })
                .toList();
    }

    private static String id(GatewayClient.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asString();
    }
}
