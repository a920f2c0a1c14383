package io.backstop.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoCommandException;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ChangeStreamPreAndPostImagesOptions;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.FullDocumentBeforeChange;
import com.mongodb.client.model.changestream.OperationType;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerType;

/**
 * What Debezium's MongoDB connector (3.6) and the official driver send to and read from a replica set, as one suite
 * that the embedded emulation ({@link EmbeddedReplicaSetContractTest}) and a real replica set
 * ({@link RealReplicaSetContractIT}) both pass. Each test names the command or field it is about.
 */
abstract class ReplicaSetContract {

    /**
     * The pipeline Debezium's {@code ChangeStreamPipelineFactory} sends for {@code capture.scope=database} and the
     * four data operations, as its log prints it.
     */
    static final List<Document> DEBEZIUM_PIPELINE = List.of(
            Document.parse(
                    "{$replaceRoot: {newRoot: {event: '$$ROOT', namespace: {$concat: ['$ns.db', '.', '$ns.coll']}}}}"),
            Document.parse(
                    "{$match: {$and: [{'event.operationType': {$in: ['insert', 'update', 'replace', 'delete']}}]}}"),
            Document.parse("{$replaceRoot: {newRoot: '$event'}}"));

    protected MongoClient client;
    protected String dbName;

    protected abstract String connectionString();

    @BeforeEach
    void connect() {
        client = MongoClients.create(connectionString());
        dbName = "contract_" + Long.toHexString(System.nanoTime());
    }

    @AfterEach
    void disconnect() {
        client.getDatabase(dbName).drop();
        client.close();
    }

    protected MongoDatabase db() {
        return client.getDatabase(dbName);
    }

    @Test
    void helloDescribesTheWritablePrimaryOfANamedSet() {
        Document hello = db().runCommand(new Document("hello", 1));
        assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
        assertThat(hello.getString("setName")).isNotBlank();
        assertThat(hello.getList("hosts", String.class)).contains(hello.getString("me"));
        assertThat(hello.getString("primary")).isEqualTo(hello.getString("me"));
        assertThat(hello.get("operationTime")).isInstanceOf(BsonTimestamp.class);

        Document legacy = db().runCommand(new Document("isMaster", 1));
        assertThat(legacy.getBoolean("ismaster")).isTrue();
        assertThat(legacy.getString("setName")).isEqualTo(hello.getString("setName"));
    }

    @Test
    void theDriverSeesAReplicaSetWithAPrimary() {
        client.listDatabaseNames().first();
        var cluster = client.getClusterDescription();
        assertThat(cluster.getType()).isEqualTo(ClusterType.REPLICA_SET);
        assertThat(cluster.getServerDescriptions()).anySatisfy(s -> {
            assertThat(s.getType()).isEqualTo(ServerType.REPLICA_SET_PRIMARY);
            assertThat(s.getSetName()).isNotBlank();
        });
    }

    @Test
    void everyReplyCarriesOperationTimeAndClusterTime() {
        BsonDocument ping = db().runCommand(new Document("ping", 1), BsonDocument.class);
        assertThat(ping.isTimestamp("operationTime")).isTrue();
        assertThat(ping.getDocument("$clusterTime").isTimestamp("clusterTime")).isTrue();
        BsonDocument write = db().runCommand(
                        new Document("insert", "c").append("documents", List.of(new Document("_id", 1))),
                        BsonDocument.class);
        assertThat(write.getTimestamp("operationTime")).isGreaterThanOrEqualTo(ping.getTimestamp("operationTime"));
    }

    @Test
    void aDatabaseStreamCarriesInsertsUpdatesReplacesAndDeletesWithImages() {
        db().createCollection(
                        "engines",
                        new CreateCollectionOptions()
                                .changeStreamPreAndPostImagesOptions(new ChangeStreamPreAndPostImagesOptions(true)));
        var engines = db().getCollection("engines");
        try (var cursor = debeziumStream().cursor()) {
            engines.insertOne(new Document("_id", "e1").append("hp", 150).append("spec", new Document("cyl", 4)));
            engines.updateOne(
                    Filters.eq("_id", "e1"),
                    Updates.combine(Updates.set("hp", 165), Updates.set("spec.cyl", 6), Updates.unset("nothing")));
            engines.replaceOne(Filters.eq("_id", "e1"), new Document("hp", 170));
            engines.deleteOne(Filters.eq("_id", "e1"));
            db().getCollection("other").insertOne(new Document("_id", "o1"));
            List<ChangeStreamDocument<BsonDocument>> events = next(cursor, 5);

            assertThat(events)
                    .extracting(ChangeStreamDocument::getOperationType)
                    .containsExactly(
                            OperationType.INSERT,
                            OperationType.UPDATE,
                            OperationType.REPLACE,
                            OperationType.DELETE,
                            OperationType.INSERT);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.getNamespace().getDatabaseName()).isEqualTo(dbName);
                assertThat(e.getClusterTime()).isNotNull();
                assertThat(e.getWallTime()).isNotNull();
                assertThat(e.getResumeToken().isString("_data")).isTrue();
            });
            assertThat(events.get(0).getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 'e1'}"));
            assertThat(events.get(0).getFullDocument().getInt32("hp").getValue())
                    .isEqualTo(150);

            var update = events.get(1);
            assertThat(update.getNamespace().getCollectionName()).isEqualTo("engines");
            assertThat(update.getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 'e1'}"));
            assertThat(update.getUpdateDescription().getUpdatedFields())
                    .isEqualTo(BsonDocument.parse("{hp: 165, 'spec.cyl': 6}"));
            assertThat(update.getFullDocumentBeforeChange().getInt32("hp").getValue())
                    .isEqualTo(150);
            assertThat(update.getFullDocument())
                    .as("updateLookup of a document deleted since")
                    .isNull();

            var replace = events.get(2);
            assertThat(replace.getFullDocument()).isEqualTo(BsonDocument.parse("{_id: 'e1', hp: 170}"));
            assertThat(replace.getFullDocumentBeforeChange().getInt32("hp").getValue())
                    .isEqualTo(165);

            var delete = events.get(3);
            assertThat(delete.getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 'e1'}"));
            assertThat(delete.getFullDocumentBeforeChange().getInt32("hp").getValue())
                    .isEqualTo(170);
            assertThat(events.get(4).getNamespace().getCollectionName()).isEqualTo("other");
        }
    }

    @Test
    void updateLookupReadsTheDocumentAsItIsNow() {
        var engines = db().getCollection("engines");
        try (var cursor = debeziumStream().cursor()) {
            engines.insertOne(new Document("_id", "e1").append("hp", 150));
            engines.updateOne(Filters.eq("_id", "e1"), Updates.set("hp", 165));
            engines.updateOne(Filters.eq("_id", "e1"), Updates.set("hp", 170));
            var events = next(cursor, 3);
            assertThat(events.get(1).getFullDocument()).isEqualTo(BsonDocument.parse("{_id: 'e1', hp: 170}"));
            assertThat(events.get(1).getUpdateDescription().getUpdatedFields())
                    .isEqualTo(BsonDocument.parse("{hp: 165}"));
        }
    }

    @Test
    void collModSwitchesPreImagesOnForAnExistingCollection() {
        db().createCollection("engines");
        db().runCommand(new Document("collMod", "engines")
                .append("changeStreamPreAndPostImages", new Document("enabled", true)));
        var engines = db().getCollection("engines");
        try (var cursor = debeziumStream().cursor()) {
            engines.insertOne(new Document("_id", "e1").append("hp", 150));
            engines.deleteOne(Filters.eq("_id", "e1"));
            assertThat(next(cursor, 2).get(1).getFullDocumentBeforeChange())
                    .isEqualTo(BsonDocument.parse("{_id: 'e1', hp: 150}"));
        }
    }

    @Test
    void withoutPreImagesTheBeforeChangeIsAbsentNotAnError() {
        var engines = db().getCollection("plain");
        try (var cursor = debeziumStream().cursor()) {
            engines.insertOne(new Document("_id", "p1"));
            engines.deleteOne(Filters.eq("_id", "p1"));
            assertThat(next(cursor, 2).get(1).getFullDocumentBeforeChange()).isNull();
        }
    }

    @Test
    void aCollectionStreamSeesOnlyItsCollection() {
        try (var cursor = db().getCollection("engines")
                .watch(List.of(), BsonDocument.class)
                .cursor()) {
            db().getCollection("brands").insertOne(new Document("_id", "b1"));
            db().getCollection("engines").insertOne(new Document("_id", "e1"));
            var events = next(cursor, 1);
            assertThat(events.get(0).getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 'e1'}"));
            assertThat(cursor.tryNext()).isNull();
        }
    }

    @Test
    void anEmptyBatchStillMovesThePostBatchResumeToken() {
        try (var cursor = debeziumStream().cursor()) {
            assertThat(cursor.tryNext()).isNull();
            BsonDocument first = cursor.getResumeToken();
            assertThat(first).as("postBatchResumeToken of an empty batch").isNotNull();
            client.getDatabase(dbName + "_elsewhere").getCollection("x").insertOne(new Document("_id", 1));
            BsonDocument moved = awaitTokenAfter(cursor, first);
            assertThat(resumeTime(moved)).isGreaterThan(resumeTime(first));
            client.getDatabase(dbName + "_elsewhere").drop();
        }
    }

    @Test
    void resumeTokensStartWithTheClusterTimeAsDebeziumReadsThem() {
        try (var cursor = debeziumStream().cursor()) {
            db().getCollection("engines").insertOne(new Document("_id", "e1"));
            var event = next(cursor, 1).get(0);
            // Debezium's ResumeTokens.getTimestamp: byte 130, then the time big-endian
            assertThat(resumeTime(event.getResumeToken()))
                    .isEqualTo(event.getClusterTime().getValue());
        }
    }

    @Test
    void resumeAfterAndStartAfterContinueAfterTheEvent() {
        var engines = db().getCollection("engines");
        BsonDocument token;
        try (var cursor = debeziumStream().cursor()) {
            engines.insertOne(new Document("_id", "e1"));
            token = next(cursor, 1).get(0).getResumeToken();
        }
        engines.insertOne(new Document("_id", "e2"));
        try (var cursor = debeziumStream().resumeAfter(token).cursor()) {
            assertThat(next(cursor, 1).get(0).getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 'e2'}"));
        }
        try (var cursor = debeziumStream().startAfter(token).cursor()) {
            assertThat(next(cursor, 1).get(0).getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 'e2'}"));
        }
    }

    @Test
    void startAtOperationTimeOfAHelloSeesWhatCameAfter() {
        var engines = db().getCollection("engines");
        engines.insertOne(new Document("_id", "before"));
        // what Debezium's no_data snapshot does: MongoUtils.hello, then startAtOperationTime
        BsonTimestamp start =
                db().runCommand(new Document("hello", 1), BsonDocument.class).getTimestamp("operationTime");
        engines.insertOne(new Document("_id", "after"));
        try (var cursor = debeziumStream().startAtOperationTime(start).cursor()) {
            // a real member's operationTime may be the insert of "before" itself (inclusive start): "after" must come
            assertThat(keysUntil(cursor, "after")).endsWith("after");
        }
    }

    @Test
    void findAndModifyUpsertsAndBatchesAreReplacesDeletesAndInserts() {
        db().createCollection(
                        "engines",
                        new CreateCollectionOptions()
                                .changeStreamPreAndPostImagesOptions(new ChangeStreamPreAndPostImagesOptions(true)));
        var engines = db().getCollection("engines");
        try (var cursor = debeziumStream().cursor()) {
            engines.insertMany(
                    List.of(new Document("_id", "m1").append("hp", 1), new Document("_id", "m2").append("hp", 2)));
            engines.findOneAndReplace(Filters.eq("_id", "m1"), new Document("hp", 10));
            engines.findOneAndUpdate(Filters.eq("_id", "m2"), Updates.inc("hp", 1));
            engines.findOneAndDelete(Filters.eq("_id", "m2"));
            engines.updateOne(Filters.eq("_id", "u1"), Updates.set("hp", 5), new UpdateOptions().upsert(true));
            List<ChangeStreamDocument<BsonDocument>> events = next(cursor, 6);
            assertThat(events)
                    .extracting(ChangeStreamDocument::getOperationType)
                    .containsExactly(
                            OperationType.INSERT,
                            OperationType.INSERT,
                            OperationType.REPLACE,
                            OperationType.UPDATE,
                            OperationType.DELETE,
                            OperationType.INSERT);
            assertThat(events.get(2).getFullDocumentBeforeChange()).isEqualTo(BsonDocument.parse("{_id: 'm1', hp: 1}"));
            assertThat(events.get(4).getFullDocumentBeforeChange()).isEqualTo(BsonDocument.parse("{_id: 'm2', hp: 3}"));
            assertThat(events.get(5).getFullDocument()).isEqualTo(BsonDocument.parse("{_id: 'u1', hp: 5}"));
        }
    }

    @Test
    void killCursorsClosesAStream() {
        var cursor = debeziumStream().cursor();
        long id = cursor.getServerCursor().getId();
        BsonDocument killed = db().runCommand(
                        new Document("killCursors", "$cmd.aggregate").append("cursors", List.of(id)),
                        BsonDocument.class);
        assertThat(killed.getArray("cursorsKilled"))
                .extracting(v -> v.asInt64().getValue())
                .containsExactly(id);
        assertThatThrownBy(() -> db().runCommand(new Document("getMore", id).append("collection", "$cmd.aggregate")))
                .isInstanceOf(MongoCommandException.class);
    }

    static List<String> keysUntil(MongoChangeStreamCursor<ChangeStreamDocument<BsonDocument>> cursor, String last) {
        List<String> keys = new ArrayList<>();
        try {
            onThisThread("the change of " + last).until(() -> {
                var event = cursor.tryNext();
                if (event != null) {
                    keys.add(event.getDocumentKey().getString("_id").getValue());
                }
                return keys.contains(last);
            });
        } catch (ConditionTimeoutException missing) {
            // the caller's assertion on the keys says what is missing
        }
        return keys;
    }

    @Test
    void aGetMoreOnAnIdleStreamWaitsUpToMaxTimeMSForTheNextChange() throws Exception {
        try (var cursor = debeziumStream().maxAwaitTime(10, TimeUnit.SECONDS).cursor()) {
            var writer = CompletableFuture.runAsync(
                    () -> db().getCollection("engines").insertOne(new Document("_id", "late")),
                    CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
            // one getMore: it comes back with the change made while it waited, not with an empty batch
            var event = cursor.tryNext();
            writer.get();
            assertThat(event).isNotNull();
            assertThat(event.getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 'late'}"));
        }
    }

    @Test
    void aMalformedResumeTokenIsRefused() {
        assertThatThrownBy(() -> debeziumStream()
                        .resumeAfter(BsonDocument.parse("{_data: 'zz'}"))
                        .cursor()
                        .close())
                .isInstanceOf(MongoCommandException.class);
    }

    /** Up to 20 s, polling on the calling thread: a change-stream cursor is not thread-safe. */
    private static ConditionFactory onThisThread(String what) {
        return Awaitility.await(what)
                .atMost(Duration.ofSeconds(20))
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1));
    }

    protected ChangeStreamIterable<BsonDocument> debeziumStream() {
        return db().watch(DEBEZIUM_PIPELINE, BsonDocument.class)
                .fullDocument(FullDocument.UPDATE_LOOKUP)
                .fullDocumentBeforeChange(FullDocumentBeforeChange.WHEN_AVAILABLE);
    }

    protected static List<ChangeStreamDocument<BsonDocument>> next(
            MongoChangeStreamCursor<ChangeStreamDocument<BsonDocument>> cursor, int count) {
        List<ChangeStreamDocument<BsonDocument>> events = new ArrayList<>();
        onThisThread(count + " changes").until(() -> {
            var event = cursor.tryNext();
            if (event != null) {
                events.add(event);
            }
            return events.size() >= count;
        });
        assertThat(events).hasSize(count);
        return events;
    }

    private static BsonDocument awaitTokenAfter(
            MongoChangeStreamCursor<ChangeStreamDocument<BsonDocument>> cursor, BsonDocument previous) {
        try {
            return onThisThread("a resume token after " + previous)
                    .until(
                            () -> {
                                cursor.tryNext();
                                return cursor.getResumeToken();
                            },
                            token -> resumeTime(token) > resumeTime(previous));
        } catch (ConditionTimeoutException stillTheSame) {
            return cursor.getResumeToken();
        }
    }

    static long resumeTime(BsonDocument token) {
        byte[] data = HexFormat.of().parseHex(token.getString("_data").getValue());
        assertThat(data[0] & 0xff).isEqualTo(130);
        long time = 0;
        for (int i = 1; i <= 8; i++) {
            time = (time << 8) | (data[i] & 0xff);
        }
        return time;
    }
}
