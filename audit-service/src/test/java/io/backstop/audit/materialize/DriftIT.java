package io.backstop.audit.materialize;

import static io.backstop.audit.support.CaptureRecords.doc;
import static io.backstop.audit.support.CaptureRecords.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.micrometer.core.instrument.MeterRegistry;

import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.AuditStore;
import io.backstop.audit.support.CaptureRecords.Rec;
import io.backstop.audit.support.Infra;
import io.backstop.audit.verify.TrailVerifier;
import io.backstop.audit.verify.Verification;
import io.backstop.contracts.Actions;
import io.backstop.contracts.AuditEvent;
import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;
import io.backstop.infra.EmbeddedMongo;
import io.backstop.infra.KafkaBroker;
import io.backstop.support.test.TestTokens;

/**
 * Writes that bypassed the API in outbox mode, where nothing captures them: the materializer records one when the
 * next captured change starts from it, the reconciler when the live catalog differs from the trail. Real broker,
 * real (embedded) MongoDB holding both the trail and the catalog database the reconciler reads.
 */
@SpringBootTest
@AutoConfigureMockMvc
class DriftIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String ADMIN = TestTokens.bearer("system:backup-service", "admin");
    private static EmbeddedMongo mongo;
    private static String group;

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditStore store;

    @Autowired
    Reconciler reconciler;

    @Autowired
    MeterRegistry meters;

    @Autowired
    DriftHealth health;

    @Autowired
    TrailVerifier verifier;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        mongo = EmbeddedMongo.inMemory();
        group = "drift-it-" + UUID.randomUUID();
        registry.add("spring.mongodb.uri", mongo::connectionString);
        registry.add(
                "spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("spring.kafka.consumer.group-id", () -> group);
        registry.add("backstop.security.gateway-secret", () -> TestTokens.SECRET);
        registry.add("backstop.audit.database", () -> "audit_drift");
        registry.add("backstop.audit.retry-backoff", () -> "100ms");
        registry.add("backstop.capture.mode", () -> "outbox");
        // the schedule would race the passes the tests run themselves
        registry.add("backstop.audit.drift.reconcile-interval", () -> "1h");
        registry.add("server.port", () -> "0");
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        mongo.close();
    }

    @Test
    void aCapturedChangeThatStartsFromADirectWriteIsPrecededByOneExternalEntryEvenWhenReplayed() throws Exception {
        String engine = new ObjectId().toHexString();
        long t = System.currentTimeMillis();
        Document v1 = doc(engine, 1, "tx1", "create", "ann", t, "name", "V6", "powerHp", 150);
        // a script set powerHp to 165 with the driver: no event; the next API write reads that state as its before
        Document direct = new Document(v1).append("powerHp", 165);
        Document v2 = doc(engine, 2, "tx2", "update", "bob", t + 20, "name", "V6", "powerHp", 170);
        List<Rec> records = List.of(
                event("engines", ChangeEvent.CREATE, null, v1, t, 1),
                event("engines", ChangeEvent.UPDATE, direct, v2, t + 20, 2));
        Infra.produce(KafkaBroker.shared().bootstrapServers(), records);
        awaitVersion(engine, 3);

        List<AuditEntry> history = store.history("engines", engine);
        assertThat(history).extracting(e -> e.action().value()).containsExactly("create", "external", "update");
        assertThat(history).extracting(AuditEntry::changedBy).containsExactly("ann", "unknown", "bob");
        AuditEntry external = history.get(1);
        assertThat(external.changes())
                .extracting(c -> c.path() + " " + c.from() + "->" + c.to())
                .containsExactly("powerHp 150->165");
        assertThat(external.metadata().getString("detectedBy")).isEqualTo("materializer");
        assertThat(external.changedAt()).isBeforeOrEqualTo(history.get(2).changedAt());
        assertThat(history.get(2).before())
                .as("the API write follows on from the external entry")
                .isEqualTo(external.after());
        assertThat(meters.counter(MaterializeMetrics.DRIFT, "collection", "engines", "detectedBy", "materializer")
                        .count())
                .isGreaterThanOrEqualTo(1);
        assertPublished(external.id());

        // the capture topic delivered again (a relay re-publishing): the drift is not recorded twice
        Infra.produce(KafkaBroker.shared().bootstrapServers(), records);
        Infra.await(
                TIMEOUT,
                "the group to catch up",
                () -> Infra.caughtUp(KafkaBroker.shared().bootstrapServers(), group));
        assertThat(store.history("engines", engine)).hasSize(3);

        // and a reconcile finds the trail in step with a live document in the state of v2
        catalog("engines").insertOne(new Document(v2));
        reconcile();
        assertThat(store.history("engines", engine)).hasSize(3);
    }

    /** The API write's stamp is older than its capture: the external entry is re-dated to it, and the chain holds. */
    @Test
    void anExternalEntryDatedBackToTheChangeAfterItKeepsTheChain() {
        String engine = new ObjectId().toHexString();
        long t = System.currentTimeMillis();
        Document v1 = doc(engine, 1, "tx1", "create", "ann", t, "name", "V6", "powerHp", 150);
        Document direct = new Document(v1).append("powerHp", 165);
        Document v2 = doc(engine, 2, "tx2", "update", "bob", t + 5, "name", "V6", "powerHp", 170);
        Infra.produce(
                KafkaBroker.shared().bootstrapServers(),
                List.of(
                        event("engines", ChangeEvent.CREATE, null, v1, t, 1),
                        event("engines", ChangeEvent.UPDATE, direct, v2, t + 20, 2)));
        awaitVersion(engine, 3);

        List<AuditEntry> history = store.history("engines", engine);
        assertThat(history)
                .extracting(AuditEntry::action)
                .containsExactly(Actions.CREATE, Actions.EXTERNAL, Actions.UPDATE);
        assertThat(history.get(1).changedAt()).isEqualTo(history.get(2).changedAt());
        assertThat(history.get(2).prevHash()).isEqualTo(history.get(1).hash());
        Verification verified = verifier.verify();
        assertThat(verified.ok()).as("%s", verified).isTrue();
    }

    @Test
    void theReconcilerRecordsADirectUpdateOnceAndNotAgain() throws Exception {
        String engine = new ObjectId().toHexString();
        Document v1 = seed(engine, "powerHp", 150);
        catalog("engines").updateOne(Filters.eq("_id", engine), Updates.set("powerHp", 175));

        Reconciler.Report first = reconcile();
        // other test classes' capture records in the shared broker may add drift of their documents: count only ours
        assertThat(first.drifts()).isGreaterThanOrEqualTo(1);
        List<AuditEntry> history = store.history("engines", engine);
        assertThat(history).extracting(e -> e.action().value()).containsExactly("create", "external");
        AuditEntry external = history.get(1);
        assertThat(external.changedBy()).isEqualTo("unknown");
        assertThat(external.before().getInteger("powerHp")).isEqualTo(v1.getInteger("powerHp"));
        assertThat(external.after().getInteger("powerHp")).isEqualTo(175);
        assertThat(external.metadata().getString("detectedBy")).isEqualTo("reconciler");
        assertThat(external.reason()).contains("reconciler");
        assertPublished(external.id());

        reconcile();
        assertThat(store.history("engines", engine))
                .as("a second pass over the same drift")
                .hasSize(2);
        assertThat(meters.counter(MaterializeMetrics.DRIFT, "collection", "engines", "detectedBy", "reconciler")
                        .count())
                .isGreaterThanOrEqualTo(1);
        Map<String, Object> details = health.health().getDetails();
        assertThat(((Number) details.get("driftsRecorded")).longValue()).isGreaterThanOrEqualTo(1);
        assertThat(details).containsKeys("lastReconcileAt", "lastReconcileDrifts");
    }

    @Test
    void anApiWriteWhoseChangeIsNotMaterializedYetIsNotDrift() {
        String engine = new ObjectId().toHexString();
        Document v1 = seed(engine, "powerHp", 150);
        // catalog-service wrote v2 (fresh stamp); its outbox entry has not reached the trail yet
        Document v2 =
                doc(engine, 2, "tx-" + engine + "-2", "update", "bob", System.currentTimeMillis(), "powerHp", 180);
        catalog("engines").replaceOne(Filters.eq("_id", engine), v2);

        Reconciler.Report report = reconcile();
        assertThat(report.inFlight()).isGreaterThanOrEqualTo(1);
        assertThat(store.history("engines", engine))
                .extracting(e -> e.action().value())
                .containsExactly("create");

        long t = System.currentTimeMillis();
        Infra.produce(
                KafkaBroker.shared().bootstrapServers(), List.of(event("engines", ChangeEvent.UPDATE, v1, v2, t, 2)));
        awaitVersion(engine, 2);
        reconcile();
        assertThat(store.history("engines", engine))
                .extracting(e -> e.action().value())
                .containsExactly("create", "update");
    }

    @Test
    void documentsCreatedOrDeletedDirectlyAreDriftButAnApiDeleteOnItsWayIsNot() {
        String created = new ObjectId().toHexString();
        catalog("engines")
                .insertOne(new Document("_id", new ObjectId(created))
                        .append("name", "Scripted")
                        .append("powerHp", 90));
        String deleted = new ObjectId().toHexString();
        seed(deleted, "powerHp", 120);
        catalog("engines").deleteOne(Filters.eq("_id", deleted));
        String apiDeleted = new ObjectId().toHexString();
        seed(apiDeleted, "powerHp", 130);
        // catalog-service's delete: marker, tombstone, removal; the delete's change is not in the trail yet
        catalog("tombstones")
                .insertOne(new Document("_id", "engines/" + apiDeleted)
                        .append("txId", "tx-del-" + apiDeleted)
                        .append("lastVersion", 2L));
        catalog("engines").deleteOne(Filters.eq("_id", apiDeleted));

        reconcile();

        List<AuditEntry> createdHistory = store.history("engines", created);
        assertThat(createdHistory).extracting(e -> e.action().value()).containsExactly("external");
        assertThat(createdHistory.get(0).before()).isNull();
        assertThat(createdHistory.get(0).after().getString("name")).isEqualTo("Scripted");
        List<AuditEntry> deletedHistory = store.history("engines", deleted);
        assertThat(deletedHistory).extracting(e -> e.action().value()).containsExactly("create", "external");
        assertThat(deletedHistory.get(1).after()).isNull();
        assertThat(deletedHistory.get(1).changes()).extracting(c -> c.path()).contains("powerHp");
        assertThat(store.history("engines", apiDeleted))
                .extracting(e -> e.action().value())
                .containsExactly("create");

        reconcile();
        assertThat(store.history("engines", created)).hasSize(1);
        assertThat(store.history("engines", deleted)).hasSize(2);
    }

    @Test
    void theInternalEndpointRunsAPassForAnAdminTokenOnly() throws Exception {
        mvc.perform(post("/internal/audit/reconcile").header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ran").value(true))
                .andExpect(jsonPath("$.captureMode").value("outbox"));
        mvc.perform(post("/internal/audit/reconcile").header("Authorization", TestTokens.bearer("vera", "viewer")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/internal/audit/reconcile")).andExpect(status().isUnauthorized());
    }

    @Test
    void inDebeziumModeTheReconcilerDoesNotRun() {
        List<String> args = new ArrayList<>(Infra.appArgs(
                mongo.connectionString(),
                KafkaBroker.shared().bootstrapServers(),
                "drift-debezium-" + UUID.randomUUID(),
                "audit_drift_dbz"));
        args.add("--backstop.capture.mode=debezium");
        // a direct write the connector captures (and the materializer records) in that mode
        String engine = new ObjectId().toHexString();
        catalog("engines").insertOne(new Document("_id", engine).append("name", "captured by the connector"));
        try (ConfigurableApplicationContext app = new org.springframework.boot.builder.SpringApplicationBuilder(
                        io.backstop.audit.AuditServiceApplication.class)
                .run(args.toArray(String[]::new))) {
            Reconciler.Report report = app.getBean(Reconciler.class).reconcile();
            assertThat(report.ran()).isFalse();
            assertThat(report.note()).contains("debezium");
            assertThat(app.getBean(AuditStore.class).history("engines", engine)).isEmpty();
        } finally {
            catalog("engines").deleteOne(Filters.eq("_id", engine));
        }
    }

    /** A document created through the API: its create is in the trail and the live document matches it. */
    private Document seed(String id, String field, int value) {
        long t = System.currentTimeMillis();
        Document v1 = doc(id, 1, "tx-" + id + "-1", "create", "ann", t, "name", "E", field, value);
        catalog("engines").insertOne(new Document(v1));
        Infra.produce(
                KafkaBroker.shared().bootstrapServers(), List.of(event("engines", ChangeEvent.CREATE, null, v1, t, 1)));
        awaitVersion(id, 1);
        return v1;
    }

    private Reconciler.Report reconcile() {
        return reconciler.reconcile();
    }

    private void awaitVersion(String engine, long version) {
        Infra.await(TIMEOUT, engine + " at version " + version, () -> store.latest("engines", engine)
                .map(e -> e.version() >= version)
                .orElse(false));
    }

    private static MongoClient client;

    /** The catalog database, written here the way catalog-service or a script would. */
    private static synchronized MongoCollection<Document> catalog(String collection) {
        if (client == null) {
            client = MongoClients.create(mongo.connectionString());
        }
        return client.getDatabase(Topics.CATALOG_DB).getCollection(collection);
    }

    private static void assertPublished(String entryId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "drift-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT_EVENTS));
            Set<String> seen = new java.util.HashSet<>();
            Infra.await(TIMEOUT, entryId + " on " + Topics.AUDIT_EVENTS, () -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    AuditEvent e = Json.MAPPER.readValue(r.value(), AuditEvent.class);
                    if (e.id().equals(entryId)) {
                        assertThat(e.action()).isEqualTo(Actions.EXTERNAL);
                        assertThat(e.changedBy()).isEqualTo("unknown");
                        seen.add(e.id());
                    }
                });
                return !seen.isEmpty();
            });
        }
    }
}
