package io.backstop.catalog.capture.debezium;

import static io.backstop.catalog.capture.debezium.CaptureCluster.consume;
import static io.backstop.catalog.capture.debezium.CaptureCluster.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.micrometer.core.instrument.MeterRegistry;

import io.backstop.catalog.capture.CaptureMetrics;
import io.backstop.contracts.Actions;
import io.backstop.infra.EmbeddedMongo;
import io.backstop.outbox.Attribution;
import io.backstop.outbox.CaptureMode;
import io.backstop.outbox.CatalogWriter;
import io.backstop.outbox.FaultPoint;
import io.backstop.support.NothingChanged;
import io.backstop.support.test.TestTokens;

/**
 * Debezium mode, the unmodified connector, against the embedded replica set and a real broker: API-style writes
 * and a write that bypassed the API arrive on the contract topic in our envelope, the delete marker's own update
 * does not, and a restart resumes from the Kafka offsets without re-snapshotting (no {@code r} events, nothing
 * twice). The same test ran against a MongoDB 7 replica set in Docker before the emulation existed.
 */
class DebeziumCaptureIT {

    /** A server of each test's own: one test expects the catalog's collections not to exist yet. */
    private EmbeddedMongo mongo;

    @BeforeEach
    void start() {
        mongo = EmbeddedMongo.replicaSetInMemory();
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void capturesApiAndDirectWritesAndResumesAfterARestartWithoutResnapshot() throws Exception {
        CaptureCluster cluster = new CaptureCluster(mongo);
        try (MongoClient client = MongoClients.create(mongo.uri("catalog"))) {
            MongoDatabase db = client.getDatabase("catalog");
            // an existing collection without pre-images: the capture must switch them on itself (PreImages)
            db.createCollection("engines");
            // the writer as catalog-service builds it in this mode
            CatalogWriter writer = new CatalogWriter(db, Clock.systemUTC(), FaultPoint.NONE, CaptureMode.DEBEZIUM);
            String before = CatalogWriter.newId();
            writer.create(
                    "engines",
                    before,
                    new Document("name", "existing before capture"),
                    Attribution.of(Actions.CREATE, "erin"));

            String id = CatalogWriter.newId();
            try (ConfigurableApplicationContext app = cluster.startHere()) {
                awaitStreaming(app);
                writer.create("engines", id, new Document("name", "2.0 TFSI"), Attribution.of(Actions.CREATE, "erin"));
                writer.replace(
                        "engines", id, 1, new Document("name", "2.0 TFSI evo"), Attribution.of(Actions.UPDATE, "erin"));
                db.getCollection("engines")
                        .updateOne(new Document("_id", id), new Document("$set", new Document("name", "shell edit")));
                List<ConsumerRecord<String, String>> first = consume("engines", id, 3);
                assertThat(first).extracting(r -> event(r).op()).containsExactly("c", "u", "u");
                assertThat(Document.parse(event(first.get(1)).before()).getString("name"))
                        .isEqualTo("2.0 TFSI");
                assertThat(Document.parse(event(first.get(2)).after()).getString("name"))
                        .isEqualTo("shell edit");
                assertCounted(app.getBean(MeterRegistry.class), 3);
            }

            // captured while the engine is down: found again from the stored resume token
            writer.delete("engines", id, 2, Attribution.of(Actions.DELETE, "erin"));
            try (ConfigurableApplicationContext app = cluster.startHere()) {
                List<ConsumerRecord<String, String>> all = consume("engines", id, 5);
                assertThat(all.subList(3, 5))
                        .extracting(r -> r.value() == null ? null : event(r).op())
                        .containsExactly("d", null);
                assertThat(Document.parse(event(all.get(3)).before())
                                .get("_change", Document.class)
                                .getBoolean("deleted"))
                        .isTrue();
                assertThat(consume("engines", before, 0))
                        .as("no snapshot of documents that existed before capture")
                        .isEmpty();
                assertThat(db.getCollection("outbox").countDocuments())
                        .as("nothing left in the outbox")
                        .isZero();
            }
        }
    }

    /**
     * Every write action of the API, as catalog-service serves it, arrives as its change event: creates of a brand,
     * a model and an engine, an update, a move by either endpoint, a rollback (audit-service's revert) and a delete
     * with its tombstone; a PUT that changes nothing arrives as nothing.
     */
    @Test
    void everyWriteActionOfTheApiIsCaptured() {
        CaptureCluster cluster = new CaptureCluster(mongo);
        try (ConfigurableApplicationContext app = cluster.startServingHere()) {
            awaitStreaming(app);
            RestClient api = RestClient.builder()
                    .baseUrl("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"))
                    .defaultHeader("Authorization", TestTokens.bearer("erin", "editor"))
                    .defaultHeader("Content-Type", "application/json")
                    .build();
            String brand = id(api.post().uri("/api/catalog/brands").body("{\"name\":\"Capture Motors\"}"));
            String modelA =
                    id(api.post().uri("/api/catalog/models").body("{\"brandId\":\"" + brand + "\",\"name\":\"C1\"}"));
            String modelB =
                    id(api.post().uri("/api/catalog/models").body("{\"brandId\":\"" + brand + "\",\"name\":\"C2\"}"));
            String engine = "{\"modelId\":\"" + modelA + "\",\"name\":\"2.0 TDI\",\"fuel\":\"diesel\",\"powerHp\":150,"
                    + "\"torqueNm\":320,\"stages\":[{\"stage\":1,\"powerHp\":190,\"torqueNm\":400,\"priceEur\":399}]}";
            String id = id(api.post().uri("/api/catalog/engines").body(engine));
            String tuned = engine.replace("\"powerHp\":150", "\"powerHp\":165");
            api.put()
                    .uri("/api/catalog/engines/" + id)
                    .header("X-Change-Reason", "dyno")
                    .body(tuned.replace("{\"modelId\"", "{\"version\":1,\"modelId\""))
                    .retrieve()
                    .toBodilessEntity();
            // the same content again: answered, but must not reach the database, so no event and no version
            var unchanged = api.put()
                    .uri("/api/catalog/engines/" + id)
                    .body(tuned.replace("{\"modelId\"", "{\"version\":2,\"modelId\""))
                    .retrieve()
                    .toEntity(String.class);
            assertThat(unchanged.getHeaders().getFirst(NothingChanged.HEADER)).isEqualTo(NothingChanged.VALUE);
            api.post()
                    .uri("/api/catalog/engines/" + id + "/move")
                    .body("{\"parentId\":\"" + modelB + "\",\"version\":2}")
                    .retrieve()
                    .toBodilessEntity();
            // back to model A by a PUT: a move as well
            api.put()
                    .uri("/api/catalog/engines/" + id)
                    .body(tuned.replace("{\"modelId\"", "{\"version\":3,\"modelId\""))
                    .retrieve()
                    .toBodilessEntity();
            api.post()
                    .uri("/internal/catalog/engines/" + id + "/revert")
                    .body("{\"document\":" + engine + ",\"expectedVersion\":4,\"targetVersion\":1}")
                    .retrieve()
                    .toBodilessEntity();
            api.delete()
                    .uri("/api/catalog/engines/" + id + "?version=5")
                    .retrieve()
                    .toBodilessEntity();

            assertThat(consume("brands", brand, 1))
                    .extracting(r -> event(r).op())
                    .containsExactly("c");
            assertThat(consume("models", modelB, 1))
                    .extracting(r -> event(r).op())
                    .containsExactly("c");
            List<ConsumerRecord<String, String>> records = consume("engines", id, 7);
            assertThat(records)
                    .extracting(r -> r.value() == null ? null : event(r).op())
                    .containsExactly("c", "u", "u", "u", "u", "d", null);
            assertThat(records.subList(0, 6))
                    .extracting(r -> changeOf(r).getString("action"))
                    .containsExactly("create", "update", "move", "move", "rollback", "delete");
            assertThat(records.subList(0, 6))
                    .extracting(r -> changeOf(r).getString("by"))
                    .containsOnly("erin");
            assertThat(Document.parse(event(records.get(2)).after()).getString("modelId"))
                    .isEqualTo(modelB);
            assertThat(Document.parse(event(records.get(3)).after()).getString("modelId"))
                    .isEqualTo(modelA);
            assertThat(Document.parse(event(records.get(4)).before()).getString("modelId"))
                    .as("pre-image")
                    .isEqualTo(modelA);
        }
    }

    private static String id(RestClient.RequestBodySpec request) {
        return Document.parse(request.retrieve().body(String.class)).getString("id");
    }

    /** {@code _change}: who, why and which action, from the event's document (the pre-image for a delete). */
    private static Document changeOf(ConsumerRecord<String, String> r) {
        var e = event(r);
        return Document.parse(e.after() != null ? e.after() : e.before()).get("_change", Document.class);
    }

    /** The same capture meters as the outbox mode, tagged debezium; counted right after the acks, so awaited. */
    private static void assertCounted(MeterRegistry meters, long atLeast) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(meters.get(CaptureMetrics.PUBLISHED)
                            .tag("mode", "debezium")
                            .counter()
                            .count())
                    .isGreaterThanOrEqualTo(atLeast);
            assertThat(meters.get(CaptureMetrics.LAG)
                            .tag("mode", "debezium")
                            .timer()
                            .count())
                    .isGreaterThanOrEqualTo(atLeast);
        });
    }

    /** A first start captures from the moment the stream opens (snapshot.mode=no_data): wait for it. */
    private static void awaitStreaming(ConfigurableApplicationContext app) {
        DebeziumCapture capture = app.getBean(DebeziumCapture.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> capture.awaitStreaming(Duration.ofMillis(200)));
    }
}
