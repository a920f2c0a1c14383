package io.backstop.outbox;

import java.nio.file.Path;
import java.time.Clock;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.backstop.infra.EmbeddedMongo;

/**
 * Child JVM for {@link ChildJvmCrashIT}: opens the H2 file, runs one scenario write and halts the JVM (no
 * shutdown hooks, no finally blocks) right after the step named by {@code -Dfault.haltAt}.
 *
 * <p>Before halting it commits the H2 store, so the file holds exactly the state at that step. Without it
 * H2's delayed commit would make the file hold an earlier step, which another test case covers anyway.
 *
 * <p>Args: file scenario. Exit codes: {@value #HALTED} halted at the step; 0 the write finished without
 * reaching it (the test fails on that, so a misspelled step cannot pass vacuously).
 */
public final class FaultyWriteMain {

    static final int HALTED = 97;

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        Scenario scenario = Scenario.valueOf(args[1]);
        Step haltAt = Step.valueOf(System.getProperty("fault.haltAt"));
        // the embedded server as the services use it: a file is always opened by the same backend
        EmbeddedMongo mongo = EmbeddedMongo.file(file, 0);
        MongoClient client = MongoClients.create(mongo.connectionString());
        CatalogWriter writer = new CatalogWriter(client.getDatabase("catalog"), Clock.systemUTC(), step -> {
            if (step == haltAt) {
                mongo.commit();
                Runtime.getRuntime().halt(HALTED);
            }
        });
        scenario.run(writer);
        client.close();
        mongo.close();
        System.exit(0);
    }
}
