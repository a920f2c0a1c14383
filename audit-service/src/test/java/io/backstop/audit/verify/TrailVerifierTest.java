package io.backstop.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.backstop.audit.AuditProperties;
import io.backstop.audit.store.AuditEntries;
import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.AuditStore;
import io.backstop.contracts.Actions;
import io.backstop.contracts.AuditChain;
import io.backstop.diff.Change;
import io.backstop.infra.EmbeddedMongo;

/** Tampering with {@code audit_logs} through the driver, as any process with access to the database could. */
class TrailVerifierTest {

    private EmbeddedMongo mongo;
    private MongoClient client;
    private AuditStore store;
    private TrailVerifier verifier;
    /** The raw collection, written around the store the way a script with the driver would. */
    private MongoCollection<Document> logs;

    private final Map<String, AuditEntry> latest = new HashMap<>();
    private long clock;

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
        verifier = new TrailVerifier(store);
        logs = client.getDatabase("audit").getCollection("audit_logs");
        // global chain: e1 v1, e2 v1, e1 v2, e2 v2, e1 v3
        append("e1");
        append("e2");
        append("e1");
        append("e2");
        append("e1");
    }

    @AfterEach
    void close() {
        client.close();
        mongo.close();
    }

    @Test
    void anUntouchedTrailVerifies() {
        Verification v = verifier.verify();

        assertThat(v.ok()).isTrue();
        assertThat(v.entries()).isEqualTo(5);
        assertThat(v.brokenLink()).isNull();
    }

    @Test
    void anEntryChangedWithTheDriverIsNamed() {
        logs.updateOne(Filters.eq("_id", id("e1", 2)), Updates.set("after.name", "forged"));

        assertBroken("changed", id("e1", 2));
    }

    @Test
    void anEntryChangedWithItsHashRecomputedIsNamed() {
        AuditEntry original = store.version("engines", "e1", 2).orElseThrow();
        AuditEntry forged = new AuditEntry(
                        original.id(),
                        original.collection(),
                        original.documentId(),
                        original.version(),
                        original.action(),
                        original.before(),
                        new Document("name", "forged"),
                        original.changes(),
                        "mallory",
                        original.changedAt(),
                        null,
                        null,
                        original.txId(),
                        original.sourcePosition(),
                        null)
                .hashed(original.prevHash());
        logs.updateOne(
                Filters.eq("_id", id("e1", 2)),
                Updates.combine(
                        Updates.set("after", forged.after()),
                        Updates.set("changedBy", "mallory"),
                        Updates.set("hash", forged.hash())));

        assertBroken("changed", id("e1", 2));
    }

    @Test
    void anEntryDeletedFromTheMiddleOfAHistoryIsNamed() {
        logs.deleteOne(Filters.eq("_id", id("e1", 2)));

        assertBroken("deleted", id("e1", 2));
    }

    @Test
    void theNewestEntryDeletedIsNamed() {
        logs.deleteOne(Filters.eq("_id", id("e1", 3)));

        assertBroken("deleted", id("e1", 3));
    }

    @Test
    void theNewestEntryOfADocumentDeletedInsideTheGlobalChainIsNamed() {
        // e2's history alone still looks whole without its version 2; the global chain does not
        logs.deleteOne(Filters.eq("_id", id("e2", 2)));

        assertBroken("deleted", id("e2", 2));
    }

    @Test
    void anInsertedEntryIsNamed() {
        AuditEntry newest = store.version("engines", "e2", 2).orElseThrow();
        AuditEntry fake = new AuditEntry(
                        id("e2", 3),
                        "engines",
                        "e2",
                        3,
                        Actions.UPDATE,
                        newest.after(),
                        new Document("name", "e2 fake"),
                        List.of(Change.changed("name", newest.after().get("name"), "e2 fake")),
                        "alice",
                        newest.changedAt().plusSeconds(1),
                        null,
                        null,
                        "tx-fake",
                        "9:9",
                        null)
                .following(newest);
        logs.insertOne(AuditEntries.toDocument(fake));

        assertBroken("inserted", id("e2", 3));
    }

    @Test
    void aRedeliveredEntryDoesNotForkTheChain() {
        AuditEntry again = store.version("engines", "e1", 3).orElseThrow();
        AuditEntry unlinked = new AuditEntry(
                        again.id(),
                        again.collection(),
                        again.documentId(),
                        again.version(),
                        again.action(),
                        again.before(),
                        again.after(),
                        again.changes(),
                        again.changedBy(),
                        again.changedAt(),
                        again.reason(),
                        again.requestId(),
                        again.txId(),
                        again.sourcePosition(),
                        again.metadata())
                .hashed(again.prevHash());

        assertThat(store.insertInOrder(List.of(unlinked))).isEmpty();
        assertThat(verifier.verify().entries()).isEqualTo(5);
        assertThat(logs.countDocuments()).isEqualTo(5);
    }

    /** The head record lags when a writer crashed between its insert and the checkpoint: the next append catches up. */
    @Test
    void aLaggingHeadIsCaughtUpByTheNextAppend() {
        client.getDatabase("audit")
                .getCollection("audit_chain")
                .updateOne(
                        Filters.eq("_id", "head"),
                        Updates.combine(
                                Updates.set("seq", 3L),
                                Updates.set("entryId", id("e1", 2)),
                                Updates.set(
                                        "hash",
                                        store.version("engines", "e1", 2)
                                                .orElseThrow()
                                                .chain()
                                                .hash())));

        AuditEntry appended = append("e2");

        assertThat(appended.chain().seq()).isEqualTo(6);
        assertThat(appended.chain().prevId()).isEqualTo(id("e1", 3));
        assertThat(verifier.verify())
                .extracting(Verification::ok, Verification::entries)
                .containsExactly(true, 6L);
    }

    /** Three writers append at once, as the materializer's three consumers do: one chain, no seq twice, no fork. */
    @Test
    void concurrentWritersAppendToOneChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                String doc = "w" + w;
                Callable<Integer> writer = () -> {
                    AuditEntry previous = null;
                    for (int batch = 0; batch < 10; batch++) {
                        List<AuditEntry> entries = new ArrayList<>();
                        for (int i = 0; i < 3; i++) {
                            previous = entry(doc, previous);
                            entries.add(previous);
                        }
                        assertThat(store.insertInOrder(entries)).hasSize(3);
                    }
                    return 30;
                };
                done.add(pool.submit(writer));
            }
            for (Future<Integer> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        Verification v = verifier.verify();
        assertThat(v.ok()).as("%s", v).isTrue();
        assertThat(v.entries()).isEqualTo(5 + 90);
    }

    /** The reconciler dates its entries with Instant.now(), finer than the millisecond a BSON date keeps. */
    @Test
    void anEntryDatedFinerThanAMillisecondVerifiesOnceStored() {
        AuditEntry previous = latest.get("e2");
        AuditEntry fine = new AuditEntry(
                        id("e2", 3),
                        "engines",
                        "e2",
                        3,
                        Actions.EXTERNAL,
                        previous.after(),
                        null,
                        List.of(),
                        "unknown",
                        Instant.parse("2026-01-02T00:00:00.123456789Z"),
                        null,
                        null,
                        null,
                        "reconciled@v3",
                        null)
                .following(previous);
        store.insertInOrder(List.of(fine));

        assertThat(verifier.verify())
                .extracting(Verification::ok, Verification::entries)
                .containsExactly(true, 6L);
    }

    /** Whoever rewrites the whole trail recomputes every hash: only a head kept elsewhere (a backup's) shows it. */
    @Test
    void aTrailRewrittenWithEveryHashRecomputedFailsAgainstAnAnchor() {
        AuditEntry anchored = store.version("engines", "e1", 2).orElseThrow();
        TrailVerifier.Anchor anchor = new TrailVerifier.Anchor(
                anchored.chain().seq(), anchored.chain().hash());
        List<AuditEntry> trail = new ArrayList<>();
        try (var cursor = logs.find().sort(new Document("chain.seq", 1)).iterator()) {
            cursor.forEachRemaining(d -> trail.add(AuditEntries.fromDocument(d)));
        }
        logs.deleteMany(new Document());
        client.getDatabase("audit").getCollection("audit_chain").deleteMany(new Document());
        Map<String, AuditEntry> rewritten = new HashMap<>();
        for (AuditEntry e : trail) {
            Document after = e.id().equals(anchored.id()) ? new Document(e.after()).append("powerHp", 999) : e.after();
            Document before =
                    e.before() == null ? null : rewritten.get(e.documentId()).after();
            AuditEntry forged = new AuditEntry(
                            e.id(),
                            e.collection(),
                            e.documentId(),
                            e.version(),
                            e.action(),
                            before,
                            after,
                            e.changes(),
                            e.changedBy(),
                            e.changedAt(),
                            e.reason(),
                            e.requestId(),
                            e.txId(),
                            e.sourcePosition(),
                            e.metadata())
                    .following(rewritten.get(e.documentId()));
            rewritten.put(e.documentId(), store.insertInOrder(List.of(forged)).get(0));
        }

        assertThat(verifier.verify().ok())
                .as("the rewritten trail is consistent in itself")
                .isTrue();
        Verification against = verifier.verify(anchor);
        assertThat(against.ok()).isFalse();
        assertThat(against.brokenLink().id()).isEqualTo(anchored.id());
        assertThat(against.brokenLink().kind()).isEqualTo("changed");
    }

    @Test
    void anAnchorOfTheUntouchedTrailHolds() {
        AuditEntry newest = store.version("engines", "e1", 3).orElseThrow();

        assertThat(verifier.verify(new TrailVerifier.Anchor(
                                newest.chain().seq(), newest.chain().hash()))
                        .ok())
                .isTrue();
        assertThat(verifier.verify(new TrailVerifier.Anchor(
                                newest.chain().seq() + 1, newest.chain().hash()))
                        .ok())
                .as("an anchor past the head: the trail lost entries")
                .isFalse();
    }

    /** A trail from before this release: its entries have no hashes until the service starts on it. */
    @Test
    void entriesStoredBeforeTheChainsAreHashedAndLinkedAtStartUp() {
        AuditEntry previous = null;
        for (int v = 1; v <= 3; v++) {
            previous = entry("old", previous);
            Document legacy = AuditEntries.toDocument(previous);
            legacy.remove("prevHash");
            legacy.remove("hash");
            legacy.remove("chain");
            logs.insertOne(legacy);
        }
        assertThat(verifier.verify().brokenLink().kind()).isEqualTo("inserted");

        AuditStore restarted = new AuditStore(
                client,
                new AuditProperties(
                        URI.create("http://localhost:8081"),
                        "audit",
                        5,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30),
                        new AuditProperties.Drift(Duration.ofMinutes(5), "catalog")));
        TrailVerifier after = new TrailVerifier(restarted);

        assertThat(after.verify())
                .extracting(Verification::ok, Verification::entries)
                .containsExactly(true, 8L);
        AuditEntry v3 = restarted.version("engines", "old", 3).orElseThrow();
        restarted.insertInOrder(List.of(entry("old", v3)));
        assertThat(after.verify())
                .extracting(Verification::ok, Verification::entries)
                .containsExactly(true, 9L);
    }

    @Test
    void aRedactionMarkerKeepsTheChainIntact() {
        AuditEntry e = store.version("engines", "e1", 2).orElseThrow();
        logs.updateOne(
                Filters.eq("_id", e.id()),
                Updates.set(
                        "after.name",
                        new Document(AuditChain.redactionMarker(e.after().get("name")))));

        assertThat(verifier.verify().ok()).isTrue();
    }

    private void assertBroken(String kind, String id) {
        Verification v = verifier.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.brokenLink().kind()).as("%s", v).isEqualTo(kind);
        assertThat(v.brokenLink().id()).as("%s", v).isEqualTo(id);
    }

    private AuditEntry append(String documentId) {
        AuditEntry next = entry(documentId, latest.get(documentId));
        AuditEntry stored = store.insertInOrder(List.of(next)).get(0);
        latest.put(documentId, stored);
        return stored;
    }

    private AuditEntry entry(String documentId, AuditEntry previous) {
        long version = previous == null ? 1 : previous.version() + 1;
        Document before = previous == null ? null : previous.after();
        Document after = new Document("_id", documentId)
                .append("name", documentId + " v" + version)
                .append("powerHp", 100 + version);
        synchronized (this) {
            clock++;
        }
        return new AuditEntry(
                        id(documentId, version),
                        "engines",
                        documentId,
                        version,
                        previous == null ? Actions.CREATE : Actions.UPDATE,
                        before,
                        after,
                        before == null
                                ? List.of()
                                : List.of(Change.changed("name", before.get("name"), after.get("name"))),
                        "alice",
                        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(clock),
                        null,
                        null,
                        "tx-" + documentId + version,
                        documentId + ":" + version,
                        null)
                .following(previous);
    }

    private static String id(String documentId, long version) {
        return AuditEntry.idOf("engines", documentId, version);
    }
}
