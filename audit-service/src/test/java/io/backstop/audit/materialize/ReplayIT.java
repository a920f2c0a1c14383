package io.backstop.audit.materialize;

import static io.backstop.audit.support.CaptureRecords.doc;
import static io.backstop.audit.support.CaptureRecords.event;
import static io.backstop.audit.support.CaptureRecords.stages;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.backstop.audit.store.AuditStore;
import io.backstop.audit.support.CaptureRecords;
import io.backstop.audit.support.CaptureRecords.Rec;
import io.backstop.audit.support.Infra;
import io.backstop.contracts.AuditEvent;
import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;
import io.backstop.infra.EmbeddedMongo;
import io.backstop.infra.KafkaBroker;

/** Replaying the capture topics from the beginning, into the same or a fresh database, yields the same trail. */
class ReplayIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static EmbeddedMongo mongo;
    private static String bootstrap;

    private final String e1 = new ObjectId().toHexString();
    private final String e2 = new ObjectId().toHexString();
    private final String b1 = new ObjectId().toHexString();
    private final Set<String> ids = Set.of(e1, e2, b1);

    @BeforeAll
    static void infra() {
        mongo = EmbeddedMongo.inMemory();
        bootstrap = KafkaBroker.shared().bootstrapServers();
    }

    @AfterAll
    static void stop() {
        mongo.close();
    }

    @Test
    void replayingFromTheBeginningReproducesTheSameAuditLogs() {
        Infra.produce(bootstrap, history());

        List<Document> first = materialize("replay-a-" + UUID.randomUUID(), "audit_a", 10);
        assertTrail(first);
        assertPublished(first);

        // a new group over the same topics, into the database that already holds the trail: nothing changes
        String sameDbGroup = "replay-b-" + UUID.randomUUID();
        try (ConfigurableApplicationContext app =
                Infra.startApp(mongo.connectionString(), bootstrap, sameDbGroup, "audit_a")) {
            Infra.await(TIMEOUT, "group " + sameDbGroup + " to catch up", () -> Infra.caughtUp(bootstrap, sameDbGroup));
        }
        assertThat(Infra.entries(mongo.connectionString(), "audit_a", ids)).isEqualTo(first);

        // and into a fresh database: the same entries, ids, versions and document chains; the global chain is in the
        // order this run's consumers stored them, among other classes' records on the shared broker
        List<Document> fresh = materialize("replay-c-" + UUID.randomUUID(), "audit_c", 10);
        assertThat(Infra.withoutGlobalLinks(fresh)).isEqualTo(Infra.withoutGlobalLinks(first));
    }

    @Test
    void aLongHistoryDeliveredAtOnceAndAgainKeepsOneEntryPerChangeInOrder() {
        // more versions than one look at the trail covers (AuditStore.RECENT), in one poll, each record twice:
        // the poll path hands the document over to the one-change path part-way, and nothing is lost or doubled
        String engine = new ObjectId().toHexString();
        int versions = AuditStore.RECENT * 3 + 5;
        long t = 1_764_160_000_000L;
        List<Rec> records = new ArrayList<>();
        Document previous = null;
        for (int v = 1; v <= versions; v++) {
            Document state = doc(
                    engine, v, "lh" + v, v == 1 ? "create" : "update", "ann", t + v, "name", "E", "powerHp", 100 + v);
            Rec rec = event(
                    "engines", v == 1 ? ChangeEvent.CREATE : ChangeEvent.UPDATE, previous, state, t + v, 1_000 + v);
            records.add(rec);
            records.add(rec);
            previous = state;
        }
        Infra.produce(bootstrap, records);
        String group = "replay-long-" + UUID.randomUUID();
        try (ConfigurableApplicationContext app =
                Infra.startApp(mongo.connectionString(), bootstrap, group, "audit_long")) {
            Infra.await(TIMEOUT, "group " + group + " to catch up", () -> Infra.caughtUp(bootstrap, group));
            assertThat(app.getBean(AuditStore.class)
                            .latest("engines", engine)
                            .orElseThrow()
                            .version())
                    .isEqualTo(versions);
        }
        List<Document> entries = Infra.entries(mongo.connectionString(), "audit_long", Set.of(engine));
        assertThat(entries)
                .extracting(d -> d.getLong("version"))
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, versions)
                        .boxed()
                        .toList());
        assertThat(entries)
                .extracting(d -> d.get("after", Document.class).getInteger("powerHp"))
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, versions)
                        .map(v -> 100 + v)
                        .boxed()
                        .toList());
    }

    private List<Document> materialize(String group, String database, int expected) {
        try (ConfigurableApplicationContext app =
                Infra.startApp(mongo.connectionString(), bootstrap, group, database)) {
            Infra.await(TIMEOUT, "group " + group + " to catch up", () -> Infra.caughtUp(bootstrap, group));
        }
        List<Document> entries = Infra.entries(mongo.connectionString(), database, ids);
        assertThat(entries).hasSize(expected);
        return entries;
    }

    private void assertTrail(List<Document> entries) {
        List<Document> engine1 = entries.stream()
                .filter(d -> d.getString("documentId").equals(e1))
                .toList();
        assertThat(engine1).extracting(d -> d.getLong("version")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(engine1)
                .extracting(d -> d.getString("action"))
                .containsExactly("create", "update", "move", "update", "move", "delete", "create");
        assertThat(engine1)
                .extracting(d -> d.getString("changedBy"))
                .containsExactly("ann", "bob", "ann", "unknown", "unknown", "carl", "dana");
        Document v2 = engine1.get(1);
        assertThat(v2.getList("changes", Document.class))
                .extracting(c -> c.getString("path") + " " + c.get("from") + "->" + c.get("to"))
                .containsExactly("powerHp 400->420", "stages[1].powerHp 200->250");
        assertThat(v2.getList("changedFields", String.class)).contains("powerHp", "stages", "stages.powerHp");
        assertThat(v2.getString("reason")).isEqualTo("because update");
        // the bypassing move arrived without 'before': the previous entry's 'after' stands in for it
        Document v5 = engine1.get(4);
        assertThat(v5.get("before", Document.class).getString("modelId")).isEqualTo("M2");
        assertThat(v5.getList("changes", Document.class))
                .extracting(c -> c.getString("path"))
                .containsExactly("modelId");
        assertThat(engine1.get(5).get("after")).isNull();
        assertThat(engine1.get(6).get("before")).isNull();

        List<Document> engine2 = entries.stream()
                .filter(d -> d.getString("documentId").equals(e2))
                .toList();
        assertThat(engine2).extracting(d -> d.getString("action")).containsExactly("create", "rollback");
        assertThat(engine2.get(1).get("metadata", Document.class).get("targetVersion"))
                .isEqualTo(1);

        Document brand = entries.stream()
                .filter(d -> d.getString("documentId").equals(b1))
                .findFirst()
                .orElseThrow();
        assertThat(brand.getString("action")).isEqualTo("create");
        assertThat(brand.getString("changedBy")).isEqualTo("unknown");
    }

    private void assertPublished(List<Document> entries) {
        Set<String> expected = new HashSet<>();
        entries.forEach(d -> expected.add(d.getString("_id")));
        Set<String> seen = new HashSet<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "replay-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT_EVENTS));
            Infra.await(TIMEOUT, "every entry on " + Topics.AUDIT_EVENTS, () -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    AuditEvent event = Json.MAPPER.readValue(r.value(), AuditEvent.class);
                    if (ids.contains(event.documentId())) {
                        assertThat(r.key()).isEqualTo(AuditEvent.key(event.collection(), event.documentId()));
                        seen.add(event.id());
                    }
                });
                return seen.containsAll(expected);
            });
        }
        assertThat(seen).isEqualTo(expected);
    }

    /** create / update / move / bypassing writes / delete / re-create, a rollback, duplicates and tombstones. */
    private List<Rec> history() {
        long t = 1_764_150_000_000L;
        List<Rec> out = new ArrayList<>();
        Document e1v1 = doc(
                e1,
                1,
                "tx1",
                "create",
                "ann",
                t,
                "name",
                "V8",
                "modelId",
                "M1",
                "powerHp",
                400,
                "stages",
                stages(100, 200));
        Document e1v2 = doc(
                e1,
                2,
                "tx2",
                "update",
                "bob",
                t + 10,
                "name",
                "V8",
                "modelId",
                "M1",
                "powerHp",
                420,
                "stages",
                stages(100, 250));
        Document e1v3 = doc(
                e1,
                3,
                "tx3",
                "move",
                "ann",
                t + 20,
                "name",
                "V8",
                "modelId",
                "M2",
                "powerHp",
                420,
                "stages",
                stages(100, 250));
        // a script edits the document directly: the old _change stays
        Document e1shell = new Document(e1v3).append("name", "V8 shell");
        Document e1shellMove = new Document(e1shell).append("modelId", "M3");
        Document e1marker = doc(
                e1,
                4,
                "tx4",
                "delete",
                "carl",
                t + 50,
                "name",
                "V8 shell",
                "modelId",
                "M3",
                "powerHp",
                420,
                "stages",
                stages(100, 250));
        Document e1again = doc(
                e1,
                1,
                "tx5",
                "create",
                "dana",
                t + 60,
                "name",
                "V10",
                "modelId",
                "M1",
                "powerHp",
                600,
                "stages",
                stages(300));
        Rec update = event("engines", ChangeEvent.UPDATE, e1v1, e1v2, t + 10, 2);
        Rec delete = event("engines", ChangeEvent.DELETE, e1marker, null, t + 50, 6);
        out.add(event("engines", ChangeEvent.CREATE, null, e1v1, t, 1));
        out.add(update);
        out.add(event("engines", ChangeEvent.UPDATE, e1v2, e1v3, t + 20, 3));
        out.add(event("engines", ChangeEvent.UPDATE, e1v3, e1shell, t + 30, 4));
        out.add(event("engines", ChangeEvent.UPDATE, null, e1shellMove, t + 40, 5));
        out.add(delete);
        out.add(CaptureRecords.tombstone("engines", e1));
        out.add(update); // redelivered
        out.add(event("engines", ChangeEvent.CREATE, null, e1again, t + 60, 7));
        out.add(delete); // redelivered after the re-create
        Document e2v1 = doc(e2, 1, "tx6", "create", "ann", t + 70, "name", "I4");
        Document e2v2 = doc(e2, 2, "tx7", "rollback", "bob", t + 80, "name", "I4");
        e2v2.get("_change", Document.class).put("metadata", new Document("targetVersion", 1));
        List<Rec> engine2 = List.of(
                event("engines", ChangeEvent.CREATE, null, e2v1, t + 70, 8),
                event("engines", ChangeEvent.UPDATE, e2v1, e2v2, t + 80, 9));
        out.addAll(engine2);
        out.addAll(engine2); // the relay published them twice
        out.add(event("brands", ChangeEvent.CREATE, null, new Document("_id", b1).append("name", "Acme"), t + 90, 10));
        return out;
    }
}
