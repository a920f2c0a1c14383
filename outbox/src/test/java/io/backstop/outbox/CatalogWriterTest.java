package io.backstop.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import io.backstop.contracts.Actions;

class CatalogWriterTest {

    private static final String ENGINES = "engines";

    private InMemoryCatalog catalog;
    private MongoDatabase db;
    private CatalogWriter writer;
    private final PublishedLog log = new PublishedLog();

    @BeforeEach
    void open() {
        catalog = new InMemoryCatalog();
        db = catalog.db;
        writer = new CatalogWriter(db);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private static Attribution by(Actions action) {
        return new Attribution(action, "alice", "because", "req-9", new Document("targetVersion", 1));
    }

    private Document stored(String id) {
        return db.getCollection(ENGINES).find(new Document("_id", id)).first();
    }

    @Test
    void createStoresVersionOneAndAttribution() {
        String id = CatalogWriter.newId();
        WriteResult r = writer.create(ENGINES, id, new Document("name", "V8"), by(Actions.CREATE));

        Document doc = stored(id);
        assertThat(r.version()).isEqualTo(1);
        assertThat(doc.getLong("version")).isEqualTo(1L);
        Document change = doc.get("_change", Document.class);
        assertThat(change.getString("txId")).isEqualTo(r.txId());
        assertThat(change.getString("by")).isEqualTo("alice");
        assertThat(change.getString("reason")).isEqualTo("because");
        assertThat(change.getString("requestId")).isEqualTo("req-9");
        assertThat(change.get("metadata", Document.class).getInteger("targetVersion"))
                .isEqualTo(1);
        assertThat(new OutboxStore(db, Clock.systemUTC()).status(r.txId())).isEqualTo(OutboxFields.READY);
    }

    @Test
    void duplicateCreateIsRefusedAndLeavesNoEntry() {
        String id = CatalogWriter.newId();
        writer.create(ENGINES, id, new Document("name", "V8"), by(Actions.CREATE));

        assertThatThrownBy(() -> writer.create(ENGINES, id, new Document("name", "V6"), by(Actions.CREATE)))
                .isInstanceOf(DocumentExistsException.class);
        assertThat(db.getCollection(OutboxFields.OUTBOX).countDocuments()).isEqualTo(1);
        assertThat(stored(id).getString("name")).isEqualTo("V8");
    }

    @Test
    void staleVersionIsRefusedAndChangesNothing() {
        String id = CatalogWriter.newId();
        writer.create(ENGINES, id, new Document("name", "V8"), by(Actions.CREATE));
        writer.replace(ENGINES, id, 1, new Document("name", "V8 biturbo"), by(Actions.UPDATE));

        assertThatThrownBy(() -> writer.replace(ENGINES, id, 1, new Document("name", "lost"), by(Actions.UPDATE)))
                .isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("version 2, not 1");
        assertThat(stored(id).getString("name")).isEqualTo("V8 biturbo");
        assertThat(db.getCollection(OutboxFields.OUTBOX).countDocuments()).isEqualTo(2);
    }

    @Test
    void concurrentWriteBetweenReadAndWriteIsAConflictAndItsEntryIsDiscarded() {
        String id = CatalogWriter.newId();
        writer.create(ENGINES, id, new Document("name", "V8"), by(Actions.CREATE));
        CatalogWriter racing = new CatalogWriter(db, Clock.systemUTC(), step -> {
            if (step == Step.PREVIOUS_PROMOTED) {
                writer.replace(ENGINES, id, 1, new Document("name", "winner"), by(Actions.UPDATE));
            }
        });

        assertThatThrownBy(() -> racing.replace(ENGINES, id, 1, new Document("name", "loser"), by(Actions.UPDATE)))
                .isInstanceOf(VersionConflictException.class);
        assertThat(stored(id).getString("name")).isEqualTo("winner");
        log.drain(db);
        log.assertAgreesWith(db, ENGINES);
    }

    @Test
    void documentWrittenDirectlyWithoutVersionReadsAsVersionZeroAndCanBeReplaced() {
        db.getCollection(ENGINES).insertOne(new Document("_id", "direct").append("name", "from the shell"));

        WriteResult r = writer.replace(ENGINES, "direct", 0, new Document("name", "fixed"), by(Actions.UPDATE));

        assertThat(r.version()).isEqualTo(1);
        assertThat(stored("direct").getString("name")).isEqualTo("fixed");
    }

    @Test
    void documentWrittenDirectlyWithAnObjectIdCanBeReplacedAndDeletedByItsHexId() {
        org.bson.types.ObjectId oid = new org.bson.types.ObjectId();
        db.getCollection(ENGINES).insertOne(new Document("_id", oid).append("name", "from the shell"));

        writer.replace(ENGINES, oid.toHexString(), 0, new Document("name", "fixed"), by(Actions.UPDATE));
        assertThat(db.getCollection(ENGINES)
                        .find(new Document("_id", oid))
                        .first()
                        .getString("name"))
                .isEqualTo("fixed");
        writer.delete(ENGINES, oid.toHexString(), 1, by(Actions.DELETE));

        assertThat(db.getCollection(ENGINES).countDocuments()).isZero();
    }

    @Test
    void deleteRemovesTheDocumentAndRecreateContinuesItsVersions() {
        String id = CatalogWriter.newId();
        writer.create(ENGINES, id, new Document("name", "V8"), by(Actions.CREATE));
        WriteResult deleted = writer.delete(ENGINES, id, 1, by(Actions.DELETE));
        assertThat(deleted.version()).isEqualTo(2);
        assertThat(stored(id)).isNull();

        WriteResult recreated = writer.create(ENGINES, id, new Document("name", "V8"), by(Actions.ROLLBACK));

        assertThat(recreated.version()).isEqualTo(3);
        log.drain(db);
        log.assertAgreesWith(db, ENGINES);
        assertThat(log.events(id)).extracting(e -> e.op()).containsExactly("c", "d", "c");
        assertThat(log.events(id).get(1).before()).contains("\"deleted\": true", "\"action\": \"delete\"");
    }

    @Test
    void documentUnderADeleteMarkerCountsAsGone() {
        String id = CatalogWriter.newId();
        writer.create(ENGINES, id, new Document("name", "V8"), by(Actions.CREATE));
        CatalogWriter crashing = new CatalogWriter(db, Clock.systemUTC(), step -> {
            if (step == Step.MARKER_WRITTEN) {
                throw new InProcessCrashTest.Crash();
            }
        });
        assertThatThrownBy(() -> crashing.delete(ENGINES, id, 1, by(Actions.DELETE)));

        assertThatThrownBy(() -> writer.replace(ENGINES, id, 2, new Document("name", "x"), by(Actions.UPDATE)))
                .isInstanceOf(DocumentNotFoundException.class);
        assertThatThrownBy(() -> writer.create(ENGINES, id, new Document("name", "x"), by(Actions.CREATE)))
                .isInstanceOf(DocumentExistsException.class);
    }

    @Test
    void writeFreezeInTheFutureRefusesWritesAndRestoresBypassIt() {
        db.getCollection(OutboxFields.MAINTENANCE)
                .insertOne(new Document("_id", "write-freeze")
                        .append("operationId", "op-1")
                        .append("kind", "restore")
                        .append("by", "admin")
                        .append("expiresAt", Date.from(Instant.now().plusSeconds(60))));

        assertThatThrownBy(() -> writer.create(ENGINES, "a", new Document("name", "x"), by(Actions.CREATE)))
                .isInstanceOf(WriteFrozenException.class)
                .hasMessageContaining("op-1");
        assertThat(stored("a")).isNull();
        writer.bypassingWriteFreeze().create(ENGINES, "a", new Document("name", "x"), by(Actions.RESTORE));
        assertThat(stored("a")).isNotNull();
    }

    @Test
    void expiredWriteFreezeNoLongerBlocks() {
        db.getCollection(OutboxFields.MAINTENANCE)
                .insertOne(new Document("_id", "write-freeze")
                        .append("operationId", "op-1")
                        .append("expiresAt", Date.from(Instant.now().minusSeconds(1))));

        writer.create(ENGINES, "a", new Document("name", "x"), by(Actions.CREATE));

        assertThat(stored("a")).isNotNull();
    }

    @Test
    void operatorAndDottedKeysAreRefusedAtAnyDepth() {
        assertThatThrownBy(() -> writer.create(ENGINES, "a", new Document("$set", 1), by(Actions.CREATE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.create(
                        ENGINES, "a", new Document("stages", List.of(new Document("a.b", 1))), by(Actions.CREATE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stages[0].a.b");
        assertThat(db.getCollection(OutboxFields.OUTBOX).countDocuments()).isZero();
    }

    @Test
    void createAllWritesEveryDocumentWithItsOwnEntryAndSkipsExistingIds() {
        writer.create(ENGINES, "b", new Document("name", "exists"), by(Actions.CREATE));
        Map<String, Document> states = new LinkedHashMap<>();
        for (String id : List.of("a", "b", "c")) {
            states.put(id, new Document("name", id));
        }

        List<WriteResult> results = writer.createAll(ENGINES, states, by(Actions.CREATE));

        assertThat(results).extracting(WriteResult::documentId).containsExactly("a", "c");
        assertThat(stored("b").getString("name")).isEqualTo("exists");
        log.drain(db);
        log.assertAgreesWith(db, ENGINES);
    }

    @Test
    void replaceAllReplacesWhatIsAtTheExpectedVersionAndLeavesTheRestAlone() {
        for (String id : List.of("a", "b", "c")) {
            writer.create(ENGINES, id, new Document("name", id), by(Actions.CREATE));
        }
        writer.replace(ENGINES, "b", 1, new Document("name", "b moved on"), by(Actions.UPDATE));
        Map<String, CatalogWriter.Replacement> replacements = new LinkedHashMap<>();
        for (String id : List.of("a", "b", "c", "missing")) {
            replacements.put(id, new CatalogWriter.Replacement(1, new Document("name", id + " restored")));
        }

        List<WriteResult> results = writer.replaceAll(ENGINES, replacements, by(Actions.RESTORE));

        assertThat(results).extracting(WriteResult::documentId).containsExactly("a", "c");
        assertThat(results).extracting(WriteResult::version).containsExactly(2L, 2L);
        assertThat(stored("a").getString("name")).isEqualTo("a restored");
        assertThat(stored("b").getString("name")).as("at version 2, not 1").isEqualTo("b moved on");
        assertThat(stored("missing")).isNull();
        assertThat(results).allSatisfy(r -> assertThat(new OutboxStore(db, Clock.systemUTC()).status(r.txId()))
                .isEqualTo(OutboxFields.READY));
        log.drain(db);
        log.assertAgreesWith(db, ENGINES);
        assertThat(log.events("a")).hasSize(2);
        assertThat(log.events("a").get(1).before()).contains("\"name\": \"a\"");
    }

    @Test
    void replaceAllWhoseWriteIsOvertakenDiscardsItsEntry() {
        writer.create(ENGINES, "a", new Document("name", "a"), by(Actions.CREATE));
        CatalogWriter racing = new CatalogWriter(db, Clock.systemUTC(), step -> {
            if (step == Step.PREVIOUS_PROMOTED) {
                writer.replace(ENGINES, "a", 1, new Document("name", "concurrent"), by(Actions.UPDATE));
            }
        });

        List<WriteResult> results = racing.replaceAll(
                ENGINES,
                Map.of("a", new CatalogWriter.Replacement(1, new Document("name", "restored"))),
                by(Actions.RESTORE));

        assertThat(results).isEmpty();
        assertThat(stored("a").getString("name")).isEqualTo("concurrent");
        assertThat(new OutboxStore(db, Clock.systemUTC()).count(OutboxFields.PENDING))
                .isZero();
        log.drain(db);
        log.assertAgreesWith(db, ENGINES);
    }

    @Test
    void debeziumCaptureWritesTheDocumentsTheSameWayAndNothingToTheOutbox() {
        CatalogWriter streams = new CatalogWriter(db, Clock.systemUTC(), FaultPoint.NONE, CaptureMode.DEBEZIUM);

        WriteResult created = streams.create(ENGINES, "a", new Document("name", "a"), by(Actions.CREATE));
        streams.replace(ENGINES, "a", 1, new Document("name", "a2"), by(Actions.UPDATE));
        streams.createAll(ENGINES, Map.of("b", new Document("name", "b")), by(Actions.RESTORE));
        streams.replaceAll(
                ENGINES,
                Map.of("b", new CatalogWriter.Replacement(1, new Document("name", "b2"))),
                by(Actions.RESTORE));
        streams.delete(ENGINES, "b", 2, by(Actions.DELETE));

        assertThat(db.getCollection(OutboxFields.OUTBOX).countDocuments()).isZero();
        assertThat(stored("a").getString("name")).isEqualTo("a2");
        assertThat(stored("a").getLong("version")).isEqualTo(2L);
        assertThat(stored("a").get("_change", Document.class).getString("by")).isEqualTo("alice");
        assertThat(stored("b")).as("deleted").isNull();
        assertThat(created.txId()).isNotBlank();
        assertThatThrownBy(() -> streams.replace(ENGINES, "a", 1, new Document("name", "stale"), by(Actions.UPDATE)))
                .isInstanceOf(VersionConflictException.class);
        // the tombstone still carries the version on: a re-created b continues after its delete marker
        assertThat(streams.create(ENGINES, "b", new Document("name", "b again"), by(Actions.CREATE))
                        .version())
                .isEqualTo(4L);
        assertThat(db.getCollection(OutboxFields.OUTBOX).countDocuments()).isZero();
    }

    @Test
    void replaceWithTheCurrentBusinessFieldsWritesNothingInEitherCaptureMode() {
        for (CaptureMode mode : CaptureMode.values()) {
            CatalogWriter w = new CatalogWriter(db, Clock.systemUTC(), FaultPoint.NONE, mode);
            String id = CatalogWriter.newId();
            Document state = new Document("name", "V8")
                    .append("stages", List.of(new Document("stage", 1).append("powerHp", 300)));
            w.create(ENGINES, id, state, by(Actions.CREATE));
            Document before = stored(id);
            long entries = db.getCollection(OutboxFields.OUTBOX).countDocuments();

            // the same fields in another order and 300 as a long are the same content
            WriteResult r = w.replace(
                    ENGINES,
                    id,
                    1,
                    new Document("stages", List.of(new Document("powerHp", 300L).append("stage", 1)))
                            .append("name", "V8"),
                    by(Actions.UPDATE));

            assertThat(r.changed()).as(mode.name()).isFalse();
            assertThat(r.version()).isEqualTo(1L);
            assertThat(r.txId()).isNull();
            assertThat(stored(id))
                    .as("%s: not even re-stamped, so no change stream event", mode)
                    .isEqualTo(before);
            assertThat(db.getCollection(OutboxFields.OUTBOX).countDocuments()).isEqualTo(entries);
        }
    }

    @Test
    void replaceThatChangesSomethingReportsChanged() {
        String id = CatalogWriter.newId();
        writer.create(ENGINES, id, new Document("name", "V8"), by(Actions.CREATE));

        WriteResult r =
                writer.replace(ENGINES, id, 1, new Document("name", "V8").append("fuel", "petrol"), by(Actions.UPDATE));

        assertThat(r.changed()).isTrue();
        assertThat(r.version()).isEqualTo(2L);
    }

    @Test
    void recreateChecksTheVersionTheDocumentWasDeletedAt() {
        String id = CatalogWriter.newId();
        writer.create(ENGINES, id, new Document("name", "V8"), by(Actions.CREATE));
        writer.delete(ENGINES, id, 1, by(Actions.DELETE));
        long entries = db.getCollection(OutboxFields.OUTBOX).countDocuments();

        assertThat(writer.deletedVersion(ENGINES, id)).isEqualTo(2L);
        assertThatThrownBy(() -> writer.recreate(ENGINES, id, 1, new Document("name", "stale"), by(Actions.ROLLBACK)))
                .isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("version 2, not 1")
                .satisfies(e -> assertThat(((VersionConflictException) e).currentVersion())
                        .isEqualTo(2L));
        assertThat(stored(id)).isNull();
        assertThat(db.getCollection(OutboxFields.OUTBOX).countDocuments())
                .as("no entry for the refused write")
                .isEqualTo(entries);

        assertThat(writer.recreate(ENGINES, id, 2, new Document("name", "V8"), by(Actions.ROLLBACK))
                        .version())
                .isEqualTo(3L);
        assertThat(writer.deletedVersion(ENGINES, "never-existed")).isZero();
    }

    @Test
    void slowWriterAbortedByRecoveryIsStillPublishedWhenItsWriteLands() {
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));
        OutboxRecovery recovery = new OutboxRecovery(db, later);
        CatalogWriter slow = new CatalogWriter(db, Clock.systemUTC(), step -> {
            if (step == Step.ENTRY_INSERTED) {
                assertThat(recovery.recoverStale(Duration.ofSeconds(30)).aborted())
                        .isEqualTo(1);
            }
        });

        WriteResult r = slow.create(ENGINES, "a", new Document("name", "late"), by(Actions.CREATE));

        assertThat(new OutboxStore(db, Clock.systemUTC()).status(r.txId())).isEqualTo(OutboxFields.READY);
        log.drain(db);
        log.assertAgreesWith(db, ENGINES);
    }

    @Test
    void publishedEntriesGoAtOnceAndAbortedOnesAfterRetention() {
        writer.create(ENGINES, "a", new Document("name", "x"), by(Actions.CREATE));
        log.drain(db);
        assertThat(db.getCollection(OutboxFields.OUTBOX).countDocuments())
                .as("published, so deleted")
                .isZero();

        CatalogWriter crashing = new CatalogWriter(db, Clock.systemUTC(), step -> {
            if (step == Step.ENTRY_INSERTED) {
                throw new IllegalStateException("writer stopped");
            }
        });
        assertThatThrownBy(() -> crashing.create(ENGINES, "b", new Document("name", "y"), by(Actions.CREATE)))
                .hasMessage("writer stopped");
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));
        assertThat(new OutboxRecovery(db, later)
                        .recoverStale(Duration.ofSeconds(30))
                        .aborted())
                .isEqualTo(1);
        assertThat(new OutboxRecovery(db, later).purge(Duration.ofDays(7)))
                .as("aborted, but within retention")
                .isZero();

        long deleted =
                new OutboxRecovery(db, Clock.offset(Clock.systemUTC(), Duration.ofDays(8))).purge(Duration.ofDays(7));

        assertThat(deleted).isEqualTo(1);
        assertThat(db.getCollection(OutboxFields.OUTBOX).countDocuments()).isZero();
    }
}
