package io.backstop.outbox;

import java.util.List;
import java.util.Map;

import org.bson.Document;

import io.backstop.contracts.Actions;

/** The write each crash test interrupts, shared by the in-process suite and the child JVM. */
enum Scenario {
    CREATE(
            Effect.CREATES,
            List.of(
                    Step.SEQ_ALLOCATED,
                    Step.ENTRY_INSERTED,
                    Step.PREVIOUS_PROMOTED,
                    Step.DOCUMENT_WRITTEN,
                    Step.ENTRY_READY),
            Step.DOCUMENT_WRITTEN),
    UPDATE(Effect.UPDATES, CREATE.steps, Step.DOCUMENT_WRITTEN),
    DELETE(
            Effect.DELETES,
            List.of(
                    Step.SEQ_ALLOCATED,
                    Step.ENTRY_INSERTED,
                    Step.PREVIOUS_PROMOTED,
                    Step.MARKER_WRITTEN,
                    Step.TOMBSTONE_WRITTEN,
                    Step.DOCUMENT_DELETED,
                    Step.ENTRY_READY),
            Step.MARKER_WRITTEN),
    /** The batched create restores use, with the same steps as one create. */
    CREATE_ALL(Effect.CREATES, CREATE.steps, Step.DOCUMENT_WRITTEN),
    /** The batched replace restores use. */
    REPLACE_ALL(Effect.UPDATES, CREATE.steps, Step.DOCUMENT_WRITTEN);

    enum Effect {
        CREATES,
        UPDATES,
        DELETES
    }

    static final String COLLECTION = "engines";
    static final String ID = "65a0000000000000000000e1";

    final Effect effect;
    /** Every boundary this write passes. */
    final List<Step> steps;
    /** The first boundary after which the change has happened (the document shows it). */
    final Step firstEffective;

    Scenario(Effect effect, List<Step> steps, Step firstEffective) {
        this.effect = effect;
        this.steps = steps;
        this.firstEffective = firstEffective;
    }

    boolean happenedIfCrashedAfter(Step step) {
        return steps.indexOf(step) >= steps.indexOf(firstEffective);
    }

    static Document baseState() {
        return new Document("modelId", "65a0000000000000000000b1")
                .append("name", "2.0 TFSI")
                .append("fuel", "petrol")
                .append("powerHp", 200)
                .append("torqueNm", 280)
                .append(
                        "stages",
                        List.of(new Document("stage", 1).append("powerHp", 245).append("torqueNm", 350)));
    }

    private static Document updatedState() {
        return baseState()
                .append("powerHp", 210)
                .append("stages", List.of(new Document("stage", 1).append("powerHp", 260)));
    }

    /** The document the update scenario starts from; absent for create. */
    void prepare(CatalogWriter writer) {
        if (effect != Effect.CREATES) {
            writer.create(COLLECTION, ID, baseState(), new Attribution(Actions.CREATE, "alice", null, "req-0", null));
        }
    }

    void run(CatalogWriter writer) {
        switch (this) {
            case CREATE ->
                writer.create(
                        COLLECTION,
                        ID,
                        baseState(),
                        new Attribution(Actions.CREATE, "bob", "new engine", "req-1", null));
            case CREATE_ALL ->
                writer.createAll(
                        COLLECTION,
                        Map.of(ID, baseState()),
                        new Attribution(Actions.RESTORE, "bob", "restore", "req-1", null));
            case UPDATE ->
                writer.replace(
                        COLLECTION,
                        ID,
                        1,
                        updatedState(),
                        new Attribution(Actions.UPDATE, "bob", "dyno run", "req-1", null));
            case REPLACE_ALL ->
                writer.replaceAll(
                        COLLECTION,
                        Map.of(ID, new CatalogWriter.Replacement(1, updatedState())),
                        new Attribution(Actions.RESTORE, "bob", "restore", "req-1", null));
            case DELETE ->
                writer.delete(COLLECTION, ID, 1, new Attribution(Actions.DELETE, "bob", "discontinued", "req-1", null));
        }
    }
}
