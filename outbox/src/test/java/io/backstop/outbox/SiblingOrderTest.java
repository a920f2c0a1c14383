package io.backstop.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import io.backstop.contracts.Actions;

/** A new document goes after every sibling, however the siblings got their positions. */
class SiblingOrderTest {

    private static final Attribution BY = new Attribution(Actions.CREATE, "alice", null, "req-1", null);

    private InMemoryCatalog catalog;
    private MongoDatabase db;
    private CatalogWriter writer;
    private SiblingOrder order;

    @BeforeEach
    void open() {
        catalog = new InMemoryCatalog();
        db = catalog.db;
        writer = new CatalogWriter(db);
        order = new SiblingOrder(db);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void positionsUnderAParentStartAtZeroAndAreNeverHandedOutTwice() {
        assertThat(order.next("engines", "m1")).isZero();
        assertThat(order.next("engines", "m1")).isEqualTo(1);
        assertThat(order.next("engines", "m2"))
                .as("another parent counts on its own")
                .isZero();
        assertThat(order.next("brands", null)).isZero();
        assertThat(order.next("brands", null)).isEqualTo(1);
    }

    @Test
    void aParentWhoseChildrenPredateTheMarkContinuesAfterTheHighestOfThem() {
        // written around CatalogWriter, as data from before the marks existed is
        db.getCollection("engines")
                .insertOne(new Document("_id", "a").append("modelId", "m1").append("position", 7));
        db.getCollection("engines")
                .insertOne(new Document("_id", "b").append("modelId", "m1").append("position", 3));
        db.getCollection("engines")
                .insertOne(new Document("_id", "c").append("modelId", "m2").append("position", 40));

        assertThat(order.next("engines", "m1")).isEqualTo(8);
        assertThat(order.next("engines", "m1")).isEqualTo(9);
    }

    @Test
    void writesThroughTheWriterRaiseTheMarkPastTheirPositions() {
        assertThat(order.next("engines", "m1")).isZero();
        writer.create("engines", CatalogWriter.newId(), new Document("modelId", "m1").append("position", 50), BY);
        assertThat(order.next("engines", "m1")).as("after an explicit position").isEqualTo(51);

        String moved = CatalogWriter.newId();
        writer.create("engines", moved, new Document("modelId", "m2").append("position", 0), BY);
        assertThat(order.next("engines", "m2")).isEqualTo(1);
        writer.replace("engines", moved, 1, new Document("modelId", "m2").append("position", 90), BY);
        assertThat(order.next("engines", "m2"))
                .as("after a replace that moved it")
                .isEqualTo(91);

        Map<String, Document> restored = new LinkedHashMap<>();
        restored.put(CatalogWriter.newId(), new Document("modelId", "m1").append("position", 300));
        restored.put(CatalogWriter.newId(), new Document("modelId", "m1").append("position", 120));
        writer.createAll("engines", restored, BY);
        assertThat(order.next("engines", "m1")).as("after a restore's batch").isEqualTo(301);
    }
}
