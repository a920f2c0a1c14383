package io.backstop.catalog.capture.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.backstop.contracts.Actions;
import io.backstop.infra.EmbeddedMongo;
import io.backstop.outbox.Attribution;
import io.backstop.outbox.CaptureMode;
import io.backstop.outbox.CatalogWriter;
import io.backstop.outbox.FaultPoint;
import io.backstop.outbox.OutboxFields;
import io.backstop.support.lease.LeaseFields;

/**
 * Debezium mode's two ways of losing the engine, against the embedded replica set: the replica holding the lease
 * dies (kill -9), and the oplog moves past the stored resume token while capture is down.
 */
@ExtendWith(OutputCaptureExtension.class)
class DebeziumFailoverIT {

    @TempDir
    Path dir;

    private EmbeddedMongo mongo;
    private MongoClient client;
    private MongoDatabase db;
    private CatalogWriter writer;

    private void start(long oplogCapacity) {
        mongo = EmbeddedMongo.replicaSetInMemory(oplogCapacity);
        client = MongoClients.create(mongo.uri("catalog"));
        db = client.getDatabase("catalog");
        writer = new CatalogWriter(db, Clock.systemUTC(), FaultPoint.NONE, CaptureMode.DEBEZIUM);
    }

    @BeforeEach
    void noServerYet() {
        mongo = null;
    }

    @AfterEach
    void stop() {
        if (mongo != null) {
            client.close();
            mongo.close();
        }
    }

    @Test
    void exactlyOneReplicaCapturesAndAnotherTakesOverThroughTheLeaseWhenItDies() throws Exception {
        start(EmbeddedMongo.DEFAULT_OPLOG_CAPACITY);
        CaptureCluster cluster = new CaptureCluster(mongo);
        Process first = cluster.startChild(dir.resolve("first.log"));
        try {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> leaseOwner(cluster).startsWith(first.pid() + "@"));
            try (ConfigurableApplicationContext second = cluster.startHere()) {
                DebeziumCapture standby = second.getBean(DebeziumCapture.class);
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> standby.state() == DebeziumCapture.State.STANDBY);

                long stored = cluster.storedOffsets();
                String before = write("captured by the first replica");
                assertThat(CaptureCluster.consume("engines", before, 1)).hasSize(1);
                // the first replica stores its position after the event before it dies
                await().atMost(Duration.ofSeconds(10)).until(() -> cluster.storedOffsets() > stored);
                first.destroyForcibly().waitFor();

                String during = write("written while no replica captures");
                await().atMost(Duration.ofSeconds(30)).until(() -> standby.state() == DebeziumCapture.State.RUNNING);
                assertThat(leaseOwner(cluster)).isEqualTo(standby.leaseOwner());
                assertThat(CaptureCluster.consume("engines", during, 1))
                        .as("no gap")
                        .hasSize(1);
                String after = write("captured by the second replica");
                assertThat(CaptureCluster.consume("engines", after, 1)).hasSize(1);
                assertThat(CaptureCluster.consume("engines", before, 0))
                        .as("captured once, by one engine")
                        .hasSize(1);
            }
        } finally {
            first.destroyForcibly();
        }
    }

    @Test
    void aResumeTokenTheOplogNoLongerHoldsStopsCaptureWithHealthDownAndNoSnapshot(CapturedOutput output) {
        start(50);
        CaptureCluster cluster = new CaptureCluster(mongo);
        String captured;
        try (ConfigurableApplicationContext app = cluster.startHere()) {
            DebeziumCapture capture = app.getBean(DebeziumCapture.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> capture.awaitStreaming(Duration.ofMillis(100)));
            long stored = cluster.storedOffsets();
            captured = write("captured before the gap");
            assertThat(CaptureCluster.consume("engines", captured, 1)).hasSize(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.storedOffsets() > stored);
        }
        // while capture is down, more changes than the oplog keeps
        String lost = null;
        for (int i = 0; i < 60; i++) {
            lost = write("lost " + i);
        }

        try (ConfigurableApplicationContext app = cluster.startHere()) {
            DebeziumCapture capture = app.getBean(DebeziumCapture.class);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> capture.state() == DebeziumCapture.State.RESUME_TOKEN_LOST);
            HealthIndicator health = app.getBean("debeziumCaptureHealthIndicator", HealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails()).containsEntry("state", "resume_token_lost");
            assertThat(output.getAll())
                    .contains(DebeziumCapture.RESUME_TOKEN_LOST_LOG)
                    .contains("Take a full backup now, then clear the offsets");
            // nothing re-snapshotted, nothing skipped ahead to: the lost changes are not on the topic
            assertThat(CaptureCluster.consume("engines", lost, 0)).isEmpty();
            assertThat(CaptureCluster.consume("engines", captured, 0))
                    .as("not snapshotted again")
                    .hasSize(1);
        }
    }

    private String write(String name) {
        String id = CatalogWriter.newId();
        writer.create("engines", id, new Document("name", name), Attribution.of(Actions.CREATE, "erin"));
        return id;
    }

    private String leaseOwner(CaptureCluster cluster) {
        Document lease = db.getCollection(OutboxFields.MAINTENANCE)
                .find(new Document("_id", LeaseLock.ID_PREFIX + cluster.engine()))
                .first();
        return lease == null ? "" : lease.getString(LeaseFields.HOLDER);
    }
}
