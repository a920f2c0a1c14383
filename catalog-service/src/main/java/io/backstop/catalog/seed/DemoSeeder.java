package io.backstop.catalog.seed;

import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoDatabase;

import io.backstop.contracts.Actions;
import io.backstop.outbox.Attribution;
import io.backstop.outbox.CatalogWriter;

/**
 * First start of the demo: an empty catalog gets the demo tuning catalog, written through the outbox like any
 * other change (so it appears in the audit trail, attributed to {@code system:seed}), in batches.
 */
@Component
@ConditionalOnProperty(name = "backstop.catalog.demo-seed", havingValue = "true")
class DemoSeeder implements ApplicationRunner {

    static final String SEED_USER = "system:seed";
    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);
    private static final int BATCH = 250;

    private final CatalogWriter writer;
    private final MongoDatabase db;

    DemoSeeder(CatalogWriter writer, MongoDatabase catalogDatabase) {
        this.writer = writer;
        this.db = catalogDatabase;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (db.getCollection("brands").estimatedDocumentCount() > 0) {
            return;
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
