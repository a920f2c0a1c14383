package io.backstop.catalog.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.mongodb.client.MongoDatabase;

import io.backstop.catalog.TestMongo;
import io.backstop.outbox.OutboxFields;
import io.backstop.support.test.TestTokens;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DemoSeederTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", TestMongo::uri);
        registry.add("backstop.catalog.database", () -> "catalog_seed");
        registry.add("backstop.catalog.demo-seed", () -> "true");
        registry.add("backstop.security.gateway-secret", () -> TestTokens.SECRET);
        registry.add("backstop.capture.enabled", () -> "false");
        registry.add("spring.kafka.admin.auto-create", () -> "false");
    }

    @Autowired
    MongoDatabase db;

    @Autowired
    DemoSeeder seeder;

    @Test
    void emptyCatalogGetsARealisticTuningCatalogThroughTheOutbox() {
        long brands = db.getCollection("brands").countDocuments();
        long models = db.getCollection("models").countDocuments();
        long engines = db.getCollection("engines").countDocuments();
        assertThat(brands).isGreaterThanOrEqualTo(20);
        assertThat(models).isGreaterThanOrEqualTo(150);
        assertThat(engines).isGreaterThanOrEqualTo(600);
        assertThat(db.getCollection(OutboxFields.OUTBOX).countDocuments(new Document("status", "READY")))
                .isEqualTo(brands + models + engines);
        java.util.Set<String> modelIds = new java.util.HashSet<>();
        db.getCollection("models").find().forEach(m -> modelIds.add(m.getString("_id")));
        try (var cursor = db.getCollection("engines").find().iterator()) {
            cursor.forEachRemaining(e -> {
                assertThat(e.getList("stages", Document.class)).hasSizeBetween(1, 3);
                assertThat(e.get("_change", Document.class).getString("by")).isEqualTo("system:seed");
                assertThat(modelIds).contains(e.getString("modelId"));
            });
        }
    }

    @Test
    void secondStartWithACatalogWritesNothing() throws InterruptedException {
        long before = db.getCollection(OutboxFields.OUTBOX).countDocuments();

        seeder.run(null);

        assertThat(db.getCollection(OutboxFields.OUTBOX).countDocuments()).isEqualTo(before);
        assertThat(List.of(db.getCollection("brands").countDocuments()))
                .containsExactly((long) DemoCatalog.BRANDS.size());
    }
}
