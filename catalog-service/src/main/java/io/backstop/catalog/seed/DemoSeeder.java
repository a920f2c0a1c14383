package io.backstop.catalog.seed;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoDatabase;

import io.backstop.catalog.capture.debezium.DebeziumCapture;
import io.backstop.contracts.Actions;
import io.backstop.outbox.Attribution;
import io.backstop.outbox.CatalogWriter;

/**
 * First start of the demo: an empty catalog gets the demo tuning catalog, written like any other change (so it
 * appears in the audit trail, attributed to {@code system:seed}), in batches. In debezium mode only once the
 * capture reads the change stream: a first start captures from the moment it starts, not before.
 */
@Component
@ConditionalOnProperty(name = "backstop.catalog.demo-seed", havingValue = "true")
class DemoSeeder implements ApplicationRunner {

    static final String SEED_USER = "system:seed";
    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);
    private static final int BATCH = 250;
    private static final Duration SEED_WAIT = Duration.ofSeconds(60);

    private final CatalogWriter writer;
    private final MongoDatabase db;
    private final ObjectProvider<DebeziumCapture> debezium;

    DemoSeeder(CatalogWriter writer, MongoDatabase catalogDatabase, ObjectProvider<DebeziumCapture> debezium) {
        this.writer = writer;
        this.db = catalogDatabase;
        this.debezium = debezium;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        if (db.getCollection("brands").estimatedDocumentCount() > 0) {
            return;
        }
        DebeziumCapture capture = debezium.getIfAvailable();
        if (capture != null && !capture.awaitStreaming(SEED_WAIT)) {
            log.warn(
                    "Seeding the demo catalog although this replica's capture did not start streaming within {}: "
                            + "if no other replica holds the capture lease, the seeded documents get no audit entries",
                    SEED_WAIT);
        }
        long started = System.nanoTime();
        Attribution by = new Attribution(Actions.CREATE, SEED_USER, "demo catalog", null, null);
        int total = 0;
        for (var collection : DemoCatalog.generate().entrySet()) {
            Map<String, Document> batch = new LinkedHashMap<>();
            for (var doc : collection.getValue().entrySet()) {
                batch.put(doc.getKey(), doc.getValue());
                if (batch.size() == BATCH) {
                    total += writer.createAll(collection.getKey(), batch, by).size();
                    batch.clear();
                }
            }
            total += writer.createAll(collection.getKey(), batch, by).size();
        }
        log.info("Seeded the demo catalog: {} documents in {} ms", total, (System.nanoTime() - started) / 1_000_000);
    }
}
