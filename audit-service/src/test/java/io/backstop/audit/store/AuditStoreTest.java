package io.backstop.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.backstop.audit.AuditProperties;
import io.backstop.audit.store.AuditStore.DocumentRef;
import io.backstop.audit.store.AuditStore.History;
import io.backstop.contracts.Actions;
import io.backstop.infra.EmbeddedMongo;

class AuditStoreTest {

    private EmbeddedMongo mongo;
    private MongoClient client;
    private AuditStore store;

    @BeforeEach
    void open() {
        mongo = EmbeddedMongo.inMemory();
        client = MongoClients.create(mongo.connectionString());
        store = new AuditStore(
                client,
                new AuditProperties(
                        URI.create("http://localhost:8081"),
                        "audit",
                        5,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30),
                        new AuditProperties.Drift(Duration.ofMinutes(5), "catalog")));
    }

    @AfterEach
    void close() {
        client.close();
        mongo.close();
    }

    /** Histories of every length around the lookup windows (4 and 16 versions) come back right, in one call. */
    @Test
    void recentHistoriesFindTheNewestEntryAndEveryPositionOfShortHistories() {
        List<Integer> lengths = List.of(0, 1, 3, 4, 5, 15, 16, 17, 40);
        List<AuditEntry> entries = new ArrayList<>();
        for (int length : lengths) {
            AuditEntry previous = null;
            for (int v = 1; v <= length; v++) {
                previous = entry("doc" + length, v).following(previous);
                entries.add(previous);
            }
        }
        assertThat(store.insertInOrder(entries)).hasSize(entries.size());

        Map<DocumentRef, History> histories = store.recentHistories(
                lengths.stream().map(n -> new DocumentRef("engines", "doc" + n)).toList());

        for (int length : lengths) {
            History h = histories.get(new DocumentRef("engines", "doc" + length));
            boolean complete = length < AuditStore.RECENT;
            assertThat(h.complete()).as("complete for %d versions", length).isEqualTo(complete);
            if (complete) {
                assertThat(h.latest() == null ? 0 : h.latest().version())
                        .as("newest of %d", length)
                        .isEqualTo(length);
                for (int v = 1; v <= length; v++) {
                    assertThat(h.holds(position("doc" + length, v)))
                            .as("%d holds version %d", length, v)
                            .isTrue();
                }
                assertThat(h.holds(position("doc" + length, length + 1))).isFalse();
            }
        }
    }

    private static AuditEntry entry(String documentId, long version) {
        return new AuditEntry(
                AuditEntry.idOf("engines", documentId, version),
                "engines",
                documentId,
                version,
                version == 1 ? Actions.CREATE : Actions.UPDATE,
                null,
                new Document("name", documentId + " v" + version),
                List.of(),
                "alice",
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version),
                null,
                null,
                "tx" + version,
                position(documentId, version),
                null);
    }

    private static String position(String documentId, long version) {
        return "1767225600000:" + Math.abs(documentId.hashCode() % 1000) + version;
    }
}
