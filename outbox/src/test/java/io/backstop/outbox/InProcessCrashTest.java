package io.backstop.outbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;

import org.junit.jupiter.api.AfterEach;

import com.mongodb.client.MongoDatabase;

/**
 * The crash contract with the writer abandoned mid-call in this JVM (fast; every interleaving). The halted
 * child JVM variant, {@link ChildJvmCrashIT}, shows the same with a real process death.
 */
class InProcessCrashTest extends OutboxCrashContract {

    private InMemoryCatalog catalog;
    private MongoDatabase db;

    @Override
    protected MongoDatabase open() {
        catalog = new InMemoryCatalog();
        db = catalog.db;
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
        catalog.close();
    }

    /** Stands for the process dying: nothing after the step runs. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash", null, false, false);
        }
    }
}
