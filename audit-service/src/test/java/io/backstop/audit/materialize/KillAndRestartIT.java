package io.backstop.audit.materialize;

import static io.backstop.audit.support.CaptureRecords.doc;
import static io.backstop.audit.support.CaptureRecords.event;
import static io.backstop.audit.support.CaptureRecords.stages;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.backstop.audit.AuditProperties;
import io.backstop.audit.AuditServiceApplication;
import io.backstop.audit.store.AuditStore;
import io.backstop.audit.support.CaptureRecords.Rec;
import io.backstop.audit.support.Infra;
import io.backstop.audit.verify.TrailVerifier;
import io.backstop.audit.verify.Verification;
import io.backstop.contracts.ChangeEvent;
import io.backstop.infra.EmbeddedMongo;
import io.backstop.infra.KafkaBroker;

/**
 * audit-service killed (SIGKILL) twice while it works through a large backlog, then restarted: the trail has
 * no duplicate and no gap and equals that of an uninterrupted run, entry for entry.
 */
class KillAndRestartIT {

    private static final int DOCUMENTS = 15;
    private static final int UPDATES = 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(150);

    private static KafkaBroker broker;
    private static EmbeddedMongo mongo;
    private static Path dir;

    @BeforeAll
    static void infra() throws IOException {
        // its own broker: the backlog here would slow every other test's fresh consumer group
        dir = Files.createTempDirectory("audit-kill-");
        broker = KafkaBroker.start(dir.resolve("kafka"), 0);
        mongo = EmbeddedMongo.inMemory();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void killedWhileConsumingThenRestartedLeavesTheSameTrailAsAnUninterruptedRun() throws Exception {
        List<String> ids = new ArrayList<>();
        List<Rec> records = backlog(ids);
        Infra.produce(broker.bootstrapServers(), records);
        int expected = DOCUMENTS * (UPDATES + 1);
        Set<String> idSet = new LinkedHashSet<>(ids);

        try (ConfigurableApplicationContext reference =
                Infra.startApp(mongo.connectionString(), broker.bootstrapServers(), "reference", "reference")) {
            Infra.await(TIMEOUT, "the uninterrupted run", () -> Infra.caughtUp(broker.bootstrapServers(), "reference"));
        }
        List<Document> uninterrupted = Infra.entries(mongo.connectionString(), "reference", idSet);
        assertThat(uninterrupted).hasSize(expected);

        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            var logs = client.getDatabase("killed").getCollection("audit_logs");
            for (int threshold : new int[] {expected / 5, expected / 2}) {
                Process child = startChild();
                try {
                    Infra.await(
                            TIMEOUT, threshold + " entries before the kill", () -> logs.countDocuments() >= threshold);
                } finally {
                    child.destroyForcibly().waitFor();
                }
                assertThat(logs.countDocuments())
                        .as("killed mid-backlog, not after it")
                        .isLessThan(expected);
            }
            Process child = startChild();
            try {
                Infra.await(
                        TIMEOUT,
                        "the restarted service to catch up",
                        () -> Infra.caughtUp(broker.bootstrapServers(), "killed"));
            } finally {
                child.destroyForcibly().waitFor();
            }
        }
        List<Document> restarted = Infra.entries(mongo.connectionString(), "killed", idSet);
        assertThat(restarted).hasSize(expected);
        assertThat(Infra.withoutGlobalLinks(restarted)).isEqualTo(Infra.withoutGlobalLinks(uninterrupted));
        // killed between an insert and its checkpoint, twice: the chain still has one order and verifies
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            AuditStore store = new AuditStore(
                    client,
                    new AuditProperties(
                            java.net.URI.create("http://localhost:8081"),
                            "killed",
                            5,
                            java.time.Duration.ofSeconds(1),
                            java.time.Duration.ofSeconds(30),
                            new AuditProperties.Drift(java.time.Duration.ofMinutes(5), "catalog")));
            Verification verified = new TrailVerifier(store).verify();
            assertThat(verified.ok()).as("%s", verified).isTrue();
            assertThat(verified.entries()).isEqualTo(expected);
        }
    }

    private static Process startChild() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                AuditServiceApplication.class.getName()));
        cmd.addAll(Infra.appArgs(mongo.connectionString(), broker.bootstrapServers(), "killed", "killed"));
        // records are handed out one at a time, so a kill lands between any two steps of the materializer
        cmd.add("--spring.kafka.consumer.max-poll-records=1");
        // a killed member holds its partitions until its session times out (45 s by default): keep the test short
        cmd.add("--spring.kafka.consumer.properties.session.timeout.ms=6000");
        cmd.add("--spring.kafka.consumer.properties.heartbeat.interval.ms=1000");
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("child.log").toFile()))
                .start();
    }

    /** Per document: a create, then updates (some bypassing the API, some moves), with a few records sent twice. */
    private static List<Rec> backlog(List<String> ids) {
        long t = 1_764_200_000_000L;
        long ord = 0;
        List<Rec> out = new ArrayList<>();
        List<Document> current = new ArrayList<>();
        for (int d = 0; d < DOCUMENTS; d++) {
            String id = new ObjectId().toHexString();
            ids.add(id);
            Document created = doc(
                    id,
                    1,
                    id + "-0",
                    "create",
                    "ann",
                    t,
                    "name",
                    "E" + d,
                    "modelId",
                    "M0",
                    "powerHp",
                    100,
                    "stages",
                    stages(10, 20));
            current.add(created);
            out.add(event("engines", ChangeEvent.CREATE, null, created, t, ++ord));
        }
        for (int u = 1; u <= UPDATES; u++) {
            for (int d = 0; d < DOCUMENTS; d++) {
                Document before = current.get(d);
                Document after;
                if (u % 7 == 0) { // a script: no fresh attribution
                    after = new Document(before).append("powerHp", 100 + u);
                } else if (u % 5 == 0) {
                    after = doc(
                            ids.get(d),
                            u + 1,
                            ids.get(d) + "-" + u,
                            "move",
                            "bob",
                            t + u,
                            "name",
                            "E" + d,
                            "modelId",
                            "M" + u,
                            "powerHp",
                            before.get("powerHp"),
                            "stages",
                            before.get("stages"));
                } else {
                    after = doc(
                            ids.get(d),
                            u + 1,
                            ids.get(d) + "-" + u,
                            "update",
                            "bob",
                            t + u,
                            "name",
                            "E" + d,
                            "modelId",
                            before.get("modelId"),
                            "powerHp",
                            before.get("powerHp"),
                            "stages",
                            stages(10, 20 + u));
                }
                current.set(d, after);
                Rec rec = event("engines", ChangeEvent.UPDATE, u % 3 == 0 ? null : before, after, t + u, ++ord);
                out.add(rec);
                if (u % 10 == 0) {
                    out.add(rec); // redelivered by the relay
                }
            }
        }
        return out;
    }
}
