package io.backstop.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClients;

/** The contract against the embedded emulation, and what only it can show: a restart, a trimmed oplog. */
class EmbeddedReplicaSetContractTest extends ReplicaSetContract {

    private static final EmbeddedMongo MONGO = EmbeddedMongo.replicaSetInMemory();

    @TempDir
    Path dir;

    @Override
    protected String connectionString() {
        return MONGO.connectionString();
    }

    @AfterAll
    static void stop() {
        MONGO.close();
    }

    @Test
    void resumeTokensSurviveARestartOfTheServer() {
        Path file = dir.resolve("rs.mv");
        BsonDocument token;
        try (EmbeddedMongo mongo = EmbeddedMongo.replicaSetFile(file, 0, 1_000);
                var client = MongoClients.create(mongo.connectionString())) {
            var engines = client.getDatabase("catalog").getCollection("engines");
            try (var cursor = client.getDatabase("catalog")
                    .watch(DEBEZIUM_PIPELINE, BsonDocument.class)
                    .cursor()) {
                engines.insertOne(new Document("_id", "e1"));
                token = next(cursor, 1).get(0).getResumeToken();
            }
            engines.insertOne(new Document("_id", "e2"));
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.replicaSetFile(file, 0, 1_000);
                var client = MongoClients.create(mongo.connectionString())) {
            client.getDatabase("catalog").getCollection("engines").insertOne(new Document("_id", "e3"));
            try (var cursor = client.getDatabase("catalog")
                    .watch(DEBEZIUM_PIPELINE, BsonDocument.class)
                    .resumeAfter(token)
                    .cursor()) {
                assertThat(next(cursor, 2))
                        .extracting(e -> e.getDocumentKey().getString("_id").getValue())
                        .containsExactly("e2", "e3");
                assertThat(resumeTime(cursor.getResumeToken())).isGreaterThan(resumeTime(token));
            }
        }
    }

    @Test
    void helloMovesTheOperationTimePastTheLastWriteSoAStreamStartedThereSeesOnlyLaterOnes() {
        var engines = db().getCollection("engines");
        engines.insertOne(new Document("_id", "before"));
        var start =
                db().runCommand(new Document("hello", 1), BsonDocument.class).getTimestamp("operationTime");
        engines.insertOne(new Document("_id", "after"));
        try (var cursor = db().watch(DEBEZIUM_PIPELINE, BsonDocument.class)
                .startAtOperationTime(start)
                .cursor()) {
            assertThat(keysUntil(cursor, "after")).containsExactly("after");
        }
    }

    @Test
    void aStreamThatFallsBehindATrimmedOplogFailsWithHistoryLostInsteadOfSkipping() {
        try (EmbeddedMongo mongo = EmbeddedMongo.replicaSetFile(dir.resolve("behind.mv"), 0, 10);
                var client = MongoClients.create(mongo.connectionString())) {
            var db = client.getDatabase("catalog");
            try (var cursor = db.getCollection("engines")
                    .watch(List.of(), BsonDocument.class)
                    .cursor()) {
                assertThat(cursor.tryNext()).isNull();
                // the stream watches engines; another collection's writes push its position out of the oplog
                for (int i = 0; i < 5; i++) {
                    db.getCollection("engines").insertOne(new Document("_id", i));
                }
                for (int i = 0; i < 20; i++) {
                    db.getCollection("audit").insertOne(new Document("_id", i));
                }
                assertThatThrownBy(cursor::tryNext)
                        .isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode())
                                .isEqualTo(286));
            }
        }
    }

    @Test
    void anOplogOfSomeDatabasesServesTheirStreamsAndRefusesOthersLoudly() {
        try (EmbeddedMongo mongo = EmbeddedMongo.replicaSetFile(dir.resolve("some.mv"), 0, 1_000, Set.of("catalog"));
                var client = MongoClients.create(mongo.connectionString())) {
            try (var cursor = client.getDatabase("catalog")
                    .watch(DEBEZIUM_PIPELINE, BsonDocument.class)
                    .cursor()) {
                client.getDatabase("audit").getCollection("audit_logs").insertOne(new Document("_id", "not recorded"));
                client.getDatabase("catalog").getCollection("engines").insertOne(new Document("_id", "recorded"));
                assertThat(keysUntil(cursor, "recorded")).containsExactly("recorded");
            }
            assertThatThrownBy(
                            () -> client.getDatabase("audit").watch().cursor().close())
                    .isInstanceOfSatisfying(MongoCommandException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(40573);
                        assertThat(e.getErrorMessage()).contains("records the databases [catalog] only");
                    });
            assertThatThrownBy(() -> client.watch().cursor().close()).isInstanceOf(MongoCommandException.class);
        }
    }

    @Test
    void resumingFromBeforeWhatTheOplogStillHoldsIsChangeStreamHistoryLost() {
        try (EmbeddedMongo mongo = EmbeddedMongo.replicaSetFile(dir.resolve("small.mv"), 0, 10);
                var client = MongoClients.create(mongo.connectionString())) {
            var db = client.getDatabase("catalog");
            BsonDocument token;
            try (var cursor = db.watch(DEBEZIUM_PIPELINE, BsonDocument.class).cursor()) {
                db.getCollection("engines").insertOne(new Document("_id", "first"));
                token = next(cursor, 1).get(0).getResumeToken();
            }
            for (int i = 0; i < 20; i++) {
                db.getCollection("engines").insertOne(new Document("_id", i));
            }
            assertThatThrownBy(() -> db.watch(List.of(), BsonDocument.class)
                            .resumeAfter(token)
                            .cursor()
                            .close())
                    .isInstanceOfSatisfying(MongoCommandException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(286);
                        assertThat(e.getErrorCodeName()).isEqualTo("ChangeStreamHistoryLost");
                    });
        }
    }
}
