package io.backstop.infra;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.regex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.connection.ClusterType;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The planner may only change how fast a query is answered, never what it answers: every query and write here
 * runs against the stock H2 backend and against ours, on the same data and indexes, and must give the same. And
 * a counter taken from by many threads at once hands out every number once.
 */
class CorrectedH2BackendTest {

    private MongoServer stockServer;
    private EmbeddedMongo planning;
    private MongoClient stockClient;
    private MongoClient planningClient;
    private MongoCollection<Document> stock;
    private MongoCollection<Document> ours;

    @BeforeEach
    void start() {
        stockServer = new MongoServer(H2Backend.inMemory());
        stockClient =
                MongoClients.create("mongodb://127.0.0.1:" + stockServer.bind().getPort());
        planning = EmbeddedMongo.inMemory();
        planningClient = MongoClients.create(planning.connectionString());
        stock = seeded(stockClient);
        ours = seeded(planningClient);
    }

    @AfterEach
    void stop() {
        stockClient.close();
        planningClient.close();
        stockServer.shutdown();
        planning.close();
    }

    private static MongoCollection<Document> seeded(MongoClient client) {
        MongoCollection<Document> c = client.getDatabase("t").getCollection("logs");
        c.createIndex(Indexes.ascending("collection", "documentId", "version"), new IndexOptions().unique(true));
        c.createIndex(
                Indexes.ascending("position"), new IndexOptions().unique(true).sparse(true));
        c.createIndex(Indexes.ascending("status"));
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Document d = new Document("_id", "e" + i)
                    .append("collection", i % 2 == 0 ? "engines" : "models")
                    .append("documentId", "d" + (i % 7))
                    .append("version", i / 7 + 1)
                    .append("status", i % 3 == 0 ? "READY" : "PUBLISHED")
                    .append("tags", List.of("t" + (i % 4), "all"));
            if (i % 5 != 0) {
                d.append("position", (long) i);
            }
            if (i % 6 == 0) {
                d.append("note", null);
            }
            if (i % 4 == 1) {
                d.append("meta", new Document("rank", i % 3));
            }
            docs.add(d);
        }
        c.insertMany(docs);
        return c;
    }

    /** Spring Boot's MongoDB health indicator and the driver send {@code hello}; a standalone answers it. */
    @Test
    void answersHelloAsAStandaloneWritablePrimary() {
        Document hello = planningClient.getDatabase("admin").runCommand(new Document("hello", 1));
        assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
        assertThat(hello).doesNotContainKeys("setName", "ismaster").containsKey("maxWireVersion");
        assertThat(planningClient.getClusterDescription().getType()).isEqualTo(ClusterType.STANDALONE);
    }

    @Test
    void findsTheSameDocumentsForEveryQueryShape() {
        List<Bson> queries = List.of(
                eq("_id", "e3"),
                and(eq("_id", "e3"), eq("status", "READY")),
                and(eq("_id", "e4"), eq("status", "READY")),
                new Document("_id", "e9").append("version", 2),
                and(in("_id", List.of("e1", "e2", "e3", "nope")), in("status", List.of("READY"))),
                and(eq("collection", "engines"), eq("documentId", "d2"), eq("version", 3)),
                and(eq("version", 3), eq("documentId", "d2"), eq("collection", "engines"), eq("status", "READY")),
                and(eq("collection", "engines"), eq("documentId", "d2")),
                and(eq("_id", "e3"), eq("_id", "e4")),
                and(eq("_id", "e3"), gt("version", 0)),
                and(eq("position", 7L), exists("note", false)),
                and(eq("position", 7), eq("status", "PUBLISHED")),
                and(eq("_id", "e6"), eq("note", null)),
                and(eq("tags", "t1"), eq("_id", "e5")),
                and(regex("_id", "^e1"), eq("status", "READY")),
                new Document(
                        "$and",
                        List.of(
                                new Document("_id", "e12"),
                                new Document(
                                        "$or", List.of(new Document("status", "READY"), new Document("version", 99))))),
                eq("status", "READY"),
                in("_id", List.of("e1", "e5", "nope")),
                new Document("$and", List.of(new Document("_id", new Document("$in", List.of("e2", "e3"))))),
                and(in("_id", List.of("e1", "e2", "e3", "e4", "e5")), eq("version", 1), in("status", List.of("READY"))),
                and(
                        eq("version", 1),
                        new Document("$or", List.of(new Document("_id", "e1"), new Document("_id", "e2")))),
                and(in("position", List.of(1L, 2, 3.0, 4L)), eq("collection", "models")));
        for (Bson query : queries) {
            assertThat(ids(ours, query)).as(query.toString()).isEqualTo(ids(stock, query));
        }
    }

    @Test
    void sortsInTheSameOrderTiesAndArraysIncluded() {
        List<Bson> orders = List.of(
                Sorts.ascending("_id"),
                Sorts.descending("_id"),
                Sorts.ascending("version"),
                Sorts.orderBy(Sorts.descending("version"), Sorts.ascending("status")),
                Sorts.ascending("tags"),
                Sorts.descending("tags"),
                Sorts.ascending("note"),
                Sorts.descending("position"),
                Sorts.ascending("documentId", "_id"),
                Sorts.ascending("meta.rank"));
        for (Bson order : orders) {
            for (Bson query : List.of(new Document(), eq("status", "READY"), in("_id", List.of("e3", "e1", "e2")))) {
                assertThat(sorted(ours, query, order, 0))
                        .as(order + " " + query)
                        .isEqualTo(sorted(stock, query, order, 0));
            }
            assertThat(sorted(ours, new Document(), order, 7))
                    .as(order + " limit 7")
                    .isEqualTo(sorted(stock, new Document(), order, 7));
        }
    }

    private static List<Object> sorted(MongoCollection<Document> c, Bson query, Bson order, int limit) {
        List<Object> ids = new ArrayList<>();
        c.find(query)
                .sort(order)
                .skip(limit > 0 ? 2 : 0)
                .limit(limit)
                .batchSize(5)
                .forEach(d -> ids.add(d.get("_id")));
        return ids;
    }

    @Test
    void reportsTheSameDataSizeAfterInsertsUpdatesAndDeletes() {
        for (MongoCollection<Document> c : List.of(stock, ours)) {
            c.updateMany(eq("status", "READY"), Updates.set("note", "a longer note than before"));
            c.replaceOne(eq("_id", "e7"), new Document("_id", "e7").append("collection", "engines"));
            c.deleteMany(in("_id", List.of("e1", "e2")));
        }
        Document stockStats = stats(stockClient);
        Document ourStats = stats(planningClient);
        assertThat(ourStats.get("size")).isEqualTo(stockStats.get("size")).isNotEqualTo(0);
        assertThat(ourStats.get("count")).isEqualTo(stockStats.get("count"));
    }

    private static Document stats(MongoClient client) {
        return client.getDatabase("t").runCommand(new Document("collStats", "logs"));
    }

    @Test
    void conditionalWritesChangeTheSameDocuments() {
        List<Function<MongoCollection<Document>, Long>> writes = List.of(
                c -> c.updateOne(and(eq("_id", "e3"), eq("version", 1)), Updates.set("status", "DONE"))
                        .getModifiedCount(),
                c -> c.updateOne(and(eq("_id", "e3"), eq("version", 7)), Updates.set("status", "LOST"))
                        .getModifiedCount(),
                c -> c.updateMany(
                                and(in("_id", List.of("e0", "e6", "e7")), eq("status", "READY")),
                                Updates.set("status", "PUBLISHED"))
                        .getModifiedCount(),
                c -> c.replaceOne(and(eq("_id", "e8"), exists("position")), new Document("fresh", true))
                        .getModifiedCount(),
                c -> c.deleteMany(and(in("_id", List.of("e9", "e10", "e11")), eq("status", "PUBLISHED")))
                        .getDeletedCount(),
                c -> c.deleteOne(and(eq("collection", "models"), eq("documentId", "d0"), eq("version", 2)))
                        .getDeletedCount(),
                c -> c.updateMany(in("_id", List.of("e20", "e21", "e22", "nope")), Updates.inc("version", 10))
                        .getModifiedCount(),
                c -> c.deleteMany(and(in("_id", List.of("e20", "e21", "e30")), eq("version", 12)))
                        .getDeletedCount());
        for (var write : writes) {
            assertThat(write.apply(ours)).isEqualTo(write.apply(stock));
        }
        assertThat(all(ours)).isEqualTo(all(stock));
    }

    @Test
    void concurrentIncrementsOfOneCounterNeverAnswerTheSameValueTwice() throws Exception {
        MongoCollection<Document> counters = planningClient.getDatabase("t").getCollection("counters");
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        List<Long> duplicates = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        Document counter = counters.findOneAndUpdate(
                                eq("_id", "seq"),
                                Updates.inc("value", 1L),
                                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
                        long value = ((Number) counter.get("value")).longValue();
                        if (!seen.add(value)) {
                            duplicates.add(value);
                        }
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }
        assertThat(duplicates).isEmpty();
        assertThat(seen).hasSize(16 * 300).contains(1L, 4800L);
    }

    @Test
    void queriesWhileAnotherClientCreatesIndexesNeverFail() throws Exception {
        MongoCollection<Document> logs = planningClient.getDatabase("t").getCollection("logs");
        logs.insertOne(new Document("_id", "x").append("a", 1));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            // a service starting up creates its indexes while another client (a test, a second replica) counts
            Future<?> indexes = threads.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    logs.createIndex(Indexes.ascending("f" + i));
                }
            });
            Future<?> counts = threads.submit(() -> {
                while (!indexes.isDone()) {
                    assertThat(logs.countDocuments(eq("a", 1))).isEqualTo(1);
                }
            });
            indexes.get();
            counts.get();
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void aFileWrittenByThePlainBackendOpensWithItsIndexesRebuilt(@TempDir Path dir) {
        String file = dir.resolve("plain.mv").toString();
        MongoServer plain = new MongoServer(new H2Backend(file));
        try (MongoClient client =
                MongoClients.create("mongodb://127.0.0.1:" + plain.bind().getPort())) {
            MongoCollection<Document> c = client.getDatabase("t").getCollection("entries");
            c.createIndex(Indexes.ascending("collection", "documentId", "version"), new IndexOptions().unique(true));
            for (int i = 0; i < 500; i++) {
                c.insertOne(new Document("_id", "e" + i)
                        .append("collection", "engines")
                        .append("documentId", "d" + (i % 50))
                        .append("version", i / 50 + 1));
            }
        } finally {
            plain.shutdown();
        }
        try (EmbeddedMongo ours = EmbeddedMongo.file(Path.of(file), 0);
                MongoClient client = MongoClients.create(ours.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("t").getCollection("entries");
            assertThat(c.find(eq("_id", "e321")).first()).containsEntry("documentId", "d21");
            assertThat(c.find(and(eq("collection", "engines"), eq("documentId", "d7"), eq("version", 3)))
                            .first())
                    .containsEntry("_id", "e107");
            assertThatThrownBy(() -> c.insertOne(new Document("_id", "e321")))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> c.insertOne(new Document("_id", "new")
                            .append("collection", "engines")
                            .append("documentId", "d7")
                            .append("version", 3)))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            assertThat(c.countDocuments()).isEqualTo(500);
        }
    }

    @Test
    void keysOfMixedTypesKeepOneOrderAndFindEachOther() {
        MongoCollection<Document> c = planningClient.getDatabase("t").getCollection("mixed");
        List<Object> ids = List.of(
                1,
                2L,
                2.5,
                "1",
                "a",
                "B",
                new org.bson.types.ObjectId(),
                true,
                new java.util.Date(0),
                new Document("x", 1));
        for (Object id : ids) {
            c.insertOne(new Document("_id", id));
        }
        for (Object id : ids) {
            assertThat(c.find(eq("_id", id)).first()).as("found by %s", id).isNotNull();
            assertThatThrownBy(() -> c.insertOne(new Document("_id", id))).isInstanceOf(MongoWriteException.class);
        }
        // 2 and 2.0 are the same key to MongoDB
        assertThatThrownBy(() -> c.insertOne(new Document("_id", 2.0))).isInstanceOf(MongoWriteException.class);
        assertThat(c.countDocuments()).isEqualTo(ids.size());
    }

    private static List<Object> ids(MongoCollection<Document> c, Bson query) {
        List<Object> ids = new ArrayList<>();
        c.find(query).sort(Sorts.ascending("_id")).forEach(d -> ids.add(d.get("_id")));
        return ids;
    }

    private static List<Document> all(MongoCollection<Document> c) {
        return c.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }
}
