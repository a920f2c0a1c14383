package io.backstop.outbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;

import org.junit.jupiter.api.AfterEach;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.backstop.infra.EmbeddedMongo;

/**
 * The crash contract with the writer abandoned mid-call in this JVM (fast; every interleaving). The halted
 * child JVM variant, {@link ChildJvmCrashIT}, shows the same with a real process death.
 */
class InProcessCrashTest extends OutboxCrashContract {

    private EmbeddedMongo mongo;
    private MongoClient client;
    private MongoDatabase db;

    @Override
    protected MongoDatabase open() {
        mongo = EmbeddedMongo.inMemory();
        client = MongoClients.create(mongo.connectionString());
        db = client.getDatabase("catalog");
        OutboxSchema.ensureIndexes(db);
        return db;
    }

    @Override
    protected MongoDatabase writeCrashingAt(Scenario scenario, Step step) {
        CatalogWriter writer = new CatalogWriter(db, Clock.systemUTC(), reached -> {
            if (reached == step) {
                throw new Crash();
            }
        });
        assertThatThrownBy(() -> scenario.run(writer)).isInstanceOf(Crash.class);
        return db;
    }

    @AfterEach
    void close() {
        client.close();
        mongo.close();
    }

    /** Stands for the process dying: nothing after the step runs. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash", null, false, false);
        }
    }
}
