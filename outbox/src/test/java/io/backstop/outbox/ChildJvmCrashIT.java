package io.backstop.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.backstop.infra.EmbeddedMongo;

/**
 * The crash contract with a real process death: the write runs in a child JVM that {@code Runtime.halt}s at
 * the step, against the same H2 file this test then reopens, recovers and relays.
 */
class ChildJvmCrashIT extends OutboxCrashContract {

    @TempDir
    Path dir;

    private EmbeddedMongo mongo;
    private MongoClient client;

    private Path file() {
        return dir.resolve("catalog.mv");
    }

    @Override
    protected MongoDatabase open() {
        mongo = EmbeddedMongo.file(file(), 0);
        client = MongoClients.create(mongo.connectionString());
        MongoDatabase db = client.getDatabase("catalog");
        OutboxSchema.ensureIndexes(db);
        return db;
    }

    @Override
    protected MongoDatabase writeCrashingAt(Scenario scenario, Step step) throws Exception {
        closeDatabase(); // one process at a time owns the H2 file
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-Dfault.haltAt=" + step.name(),
                "-cp",
                System.getProperty("java.class.path"),
                FaultyWriteMain.class.getName(),
                file().toString(),
                scenario.name()));
        Path out = dir.resolve("child.out");
        Process child = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor();
            throw new AssertionError("child JVM did not finish: " + Files.readString(out));
        }
        assertThat(child.exitValue())
                .as("child halted at %s; output:%n%s", step, Files.readString(out))
                .isEqualTo(FaultyWriteMain.HALTED);
        return open();
    }

    @AfterEach
    void closeDatabase() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (mongo != null) {
            mongo.close();
            mongo = null;
        }
    }
}
