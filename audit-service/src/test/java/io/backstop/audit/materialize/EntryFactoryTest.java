package io.backstop.audit.materialize;

import static io.backstop.audit.support.CaptureRecords.doc;
import static io.backstop.audit.support.CaptureRecords.stages;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import io.backstop.audit.store.AuditEntry;
import io.backstop.contracts.Actions;
import io.backstop.contracts.ChangeEvent;
import io.backstop.diff.Change;

class EntryFactoryTest {

    private static final long T = 1_764_000_000_000L;
    private final EntryFactory factory = EntryFactory.forCatalog();

    private AuditEntry next(String op, Document before, Document after, AuditEntry previous) {
        return factory.next(new CapturedChange("engines", "e1", op, before, after, (T + 7) + ":3", T + 7), previous)
                .orElseThrow();
    }

    @Test
    void createTakesAttributionFromTheDocument() {
        AuditEntry e = next(ChangeEvent.CREATE, null, doc("e1", 1, "tx1", "create", "ann", T, "name", "V8"), null);
        assertThat(e.version()).isEqualTo(1);
        assertThat(e.id()).isEqualTo("engines:e1:0000000001");
        assertThat(e.action()).isEqualTo(Actions.CREATE);
        assertThat(e.changedBy()).isEqualTo("ann");
        assertThat(e.changedAt()).isEqualTo(Instant.ofEpochMilli(T));
        assertThat(e.reason()).isEqualTo("because create");
        assertThat(e.requestId()).isEqualTo("req-tx1");
        assertThat(e.sourcePosition()).isEqualTo((T + 7) + ":3");
        assertThat(e.changes()).containsExactly(Change.added("_id", "e1"), Change.added("name", "V8"));
    }

    @Test
    void versionFollowsThePreviousEntryNotTheCatalog() {
        AuditEntry v1 = next(ChangeEvent.CREATE, null, doc("e1", 1, "tx1", "create", "ann", T, "name", "V8"), null);
        AuditEntry v2 = next(ChangeEvent.UPDATE, v1.after(), doc("e1", 9, "tx2", "update", "bob", T, "name", "V9"), v1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.changes()).containsExactly(Change.changed("name", "V8", "V9"));
    }

    @Test
    void staleAttributionMeansTheWriteBypassedTheApi() {
        AuditEntry v1 = next(ChangeEvent.CREATE, null, doc("e1", 1, "tx1", "create", "ann", T, "name", "V8"), null);
        Document shell = new Document(v1.after()).append("name", "V8 shell");
        AuditEntry v2 = next(ChangeEvent.UPDATE, v1.after(), shell, v1);
        assertThat(v2.action()).isEqualTo(Actions.UPDATE);
        assertThat(v2.changedBy()).isEqualTo("unknown");
        assertThat(v2.changedAt()).isEqualTo(Instant.ofEpochMilli(T + 7));
        assertThat(v2.reason()).isNull();
    }

    @Test
    void documentWithoutAttributionIsByUnknown() {
        AuditEntry e = next(ChangeEvent.CREATE, null, new Document("_id", "e1").append("name", "x"), null);
        assertThat(e.changedBy()).isEqualTo("unknown");
        assertThat(e.action()).isEqualTo(Actions.CREATE);
    }

    @Test
    void unattributedChangeOfOnlyTheParentIsAMove() {
        AuditEntry v1 = next(
                ChangeEvent.CREATE,
                null,
                doc("e1", 1, "tx1", "create", "ann", T, "modelId", "M1", "position", 1),
                null);
        AuditEntry v2 = next(
                ChangeEvent.UPDATE,
                v1.after(),
                new Document(v1.after()).append("modelId", "M2").append("position", 4),
                v1);
        assertThat(v2.action()).isEqualTo(Actions.MOVE);
        AuditEntry v3 = next(
                ChangeEvent.UPDATE,
                v2.after(),
                new Document(v2.after()).append("modelId", "M3").append("name", "x"),
                v2);
        assertThat(v3.action()).isEqualTo(Actions.UPDATE);
    }

    @Test
    void missingBeforeIsThePreviousAfter() {
        AuditEntry v1 = next(
                ChangeEvent.CREATE, null, doc("e1", 1, "tx1", "create", "ann", T, "stages", stages(100, 200)), null);
        AuditEntry v2 =
                next(ChangeEvent.UPDATE, null, doc("e1", 2, "tx2", "update", "bob", T, "stages", stages(100, 250)), v1);
        assertThat(v2.before()).isEqualTo(v1.after());
        assertThat(v2.changes()).containsExactly(Change.changed("stages[1].powerHp", 200, 250));
    }

    @Test
    void deleteIsAttributedFromTheDeleteMarker() {
        AuditEntry v1 = next(ChangeEvent.CREATE, null, doc("e1", 1, "tx1", "create", "ann", T, "name", "V8"), null);
        AuditEntry v2 = next(ChangeEvent.DELETE, doc("e1", 2, "tx2", "delete", "carl", T, "name", "V8"), null, v1);
        assertThat(v2.action()).isEqualTo(Actions.DELETE);
        assertThat(v2.changedBy()).isEqualTo("carl");
        assertThat(v2.after()).isNull();
        assertThat(v2.changes()).containsExactly(Change.removed("_id", "e1"), Change.removed("name", "V8"));
    }

    @Test
    void deleteWithoutPreImageOrFreshStampIsByUnknown() {
        AuditEntry v1 = next(ChangeEvent.CREATE, null, doc("e1", 1, "tx1", "create", "ann", T, "name", "V8"), null);
        AuditEntry v2 = next(ChangeEvent.DELETE, null, null, v1);
        assertThat(v2.action()).isEqualTo(Actions.DELETE);
        assertThat(v2.changedBy()).isEqualTo("unknown");
        assertThat(v2.before()).isEqualTo(v1.after());
    }

    @Test
    void rollbackKeepsItsActionAndMetadata() {
        AuditEntry v1 = next(ChangeEvent.CREATE, null, doc("e1", 1, "tx1", "create", "ann", T, "name", "V8"), null);
        Document after = doc("e1", 2, "tx2", "rollback", "bob", T, "name", "V8");
        after.get("_change", Document.class).put("metadata", new Document("targetVersion", 1));
        AuditEntry v2 = next(ChangeEvent.UPDATE, v1.after(), after, v1);
        assertThat(v2.action()).isEqualTo(Actions.ROLLBACK);
        assertThat(v2.metadata()).isEqualTo(new Document("targetVersion", 1));
    }

    @Test
    void snapshotReadOfTheKnownStateAddsNothing() {
        AuditEntry v1 = next(ChangeEvent.CREATE, null, doc("e1", 1, "tx1", "create", "ann", T, "name", "V8"), null);
        assertThat(factory.next(
                        new CapturedChange("engines", "e1", ChangeEvent.READ, null, new Document(v1.after()), "9:9", 9),
                        v1))
                .isEmpty();
        assertThat(factory.next(
                        new CapturedChange("engines", "e1", ChangeEvent.READ, null, new Document(v1.after()), "9:9", 9),
                        null))
                .get()
                .extracting(e -> e.action().value())
                .isEqualTo("create");
    }

    private AuditEntry drift(String op, Document before, Document after, AuditEntry previous) {
        return factory.drift(new CapturedChange("engines", "e1", op, before, after, (T + 9) + ":4", T + 9), previous)
                .orElse(null);
    }

    @Test
    void updateStartingFromAStateTheTrailLacksIsPrecededByAnExternalEntry() {
        AuditEntry v1 = next(ChangeEvent.CREATE, null, doc("e1", 1, "tx1", "create", "ann", T, "powerHp", 150), null);
        Document direct = new Document(v1.after()).append("powerHp", 165);
        AuditEntry external =
                drift(ChangeEvent.UPDATE, direct, doc("e1", 2, "tx2", "update", "bob", T, "powerHp", 170), v1);
        assertThat(external.action()).isEqualTo(Actions.EXTERNAL);
        assertThat(external.version()).isEqualTo(2);
        assertThat(external.changedBy()).isEqualTo("unknown");
        assertThat(external.before()).isEqualTo(v1.after());
        assertThat(external.after()).isEqualTo(direct);
        assertThat(external.changes()).containsExactly(Change.changed("powerHp", 150, 165));
        assertThat(external.sourcePosition()).isEqualTo("external@" + (T + 9) + ":4");
        assertThat(external.metadata()).isEqualTo(new Document("detectedBy", "materializer"));
        assertThat(external.reason()).contains("outside the API", "materializer");
    }

    @Test
    void aBeforeThatDiffersOnlyInBookkeepingIsNoDrift() {
        AuditEntry v1 = next(ChangeEvent.CREATE, null, doc("e1", 1, "tx1", "create", "ann", T, "powerHp", 150), null);
        Document sameFieldsOtherStamp = doc("e1", 7, "tx9", "update", "zed", T, "powerHp", 150);
        assertThat(drift(
                        ChangeEvent.UPDATE,
                        sameFieldsOtherStamp,
                        doc("e1", 8, "tx2", "update", "bob", T, "powerHp", 170),
                        v1))
                .isNull();
    }

    @Test
    void createOfADocumentTheTrailHoldsMeansItWasDeletedOutsideTheApi() {
        AuditEntry v1 = next(ChangeEvent.CREATE, null, doc("e1", 1, "tx1", "create", "ann", T, "powerHp", 150), null);
        AuditEntry external =
                drift(ChangeEvent.CREATE, null, doc("e1", 1, "tx2", "create", "bob", T, "powerHp", 99), v1);
        assertThat(external.after()).isNull();
        assertThat(external.before()).isEqualTo(v1.after());
        assertThat(external.changes()).contains(Change.removed("powerHp", 150));
    }

    @Test
    void deleteOfADocumentTheTrailNeverSawMeansItWasCreatedOutsideTheApi() {
        Document marker = doc("e1", 4, "tx2", "delete", "bob", T, "powerHp", 150);
        marker.get("_change", Document.class).put("deleted", true);
        AuditEntry external = drift(ChangeEvent.DELETE, marker, null, null);
        assertThat(external.version()).isEqualTo(1);
        assertThat(external.before()).isNull();
        assertThat(external.after())
                .as("what was there before the delete marker, not the marker")
                .isEqualTo(new Document("_id", "e1").append("powerHp", 150).append("version", 3L));
    }

    @Test
    void nothingToCompareForSnapshotReadsMissingPreImagesAndOvertakenChanges() {
        AuditEntry v1 = next(ChangeEvent.CREATE, null, doc("e1", 1, "tx1", "create", "ann", T, "powerHp", 150), null);
        Document other = doc("e1", 2, "tx2", "update", "bob", T, "powerHp", 170);
        assertThat(drift(ChangeEvent.READ, null, other, v1)).isNull();
        assertThat(drift(ChangeEvent.UPDATE, null, other, v1)).isNull();
        AuditEntry overtaken = factory.drift(
                        new CapturedChange(
                                "engines",
                                "e1",
                                ChangeEvent.UPDATE,
                                new Document(v1.after()).append("powerHp", 1),
                                other,
                                T + ":1",
                                T),
                        v1)
                .orElse(null);
        assertThat(overtaken).isNull();
    }
}
