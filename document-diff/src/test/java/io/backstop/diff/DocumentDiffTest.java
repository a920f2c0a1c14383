package io.backstop.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DocumentDiffTest {

    private final DocumentDiff diff =
            DocumentDiff.builder().ignoring(Set.of("version", "_change")).build();

    @Test
    void identicalDocumentsHaveNoChanges() {
        Map<String, Object> doc = doc("name", "V8", "powerHp", 400, "stages", List.of(doc("stage", 1, "powerHp", 100)));
        assertThat(diff.diff(doc, copy(doc))).isEmpty();
    }

    @Test
    void reportsChangedScalarWithOldAndNewValue() {
        assertThat(diff.diff(doc("name", "V8", "powerHp", 400), doc("name", "V8", "powerHp", 420)))
                .containsExactly(Change.changed("powerHp", 400, 420));
    }

    @Test
    void reportsAddedAndRemovedFields() {
        assertThat(diff.diff(doc("a", 1, "b", 2), doc("a", 1, "c", 3)))
                .containsExactly(Change.removed("b", 2), Change.added("c", 3));
    }

    @Test
    void nullAndAbsentAreDifferent() {
        assertThat(diff.diff(doc("a", 1), doc("a", 1, "b", null))).containsExactly(Change.added("b", null));
        assertThat(diff.diff(doc("a", null), doc("a", 1))).containsExactly(Change.changed("a", null, 1));
    }

    @Test
    void nestedFieldsGetDottedPaths() {
        assertThat(diff.diff(
                        doc("spec", doc("fuel", doc("type", "petrol"))),
                        doc("spec", doc("fuel", doc("type", "diesel")))))
                .containsExactly(Change.changed("spec.fuel.type", "petrol", "diesel"));
    }

    @Test
    void aMapReplacedByAScalarIsOneChange() {
        Map<String, Object> spec = doc("a", 1);
        assertThat(diff.diff(doc("spec", spec), doc("spec", "none")))
                .containsExactly(Change.changed("spec", spec, "none"));
    }

    @Test
    void numbersCompareByValueAcrossTypes() {
        assertThat(diff.diff(doc("powerHp", 200), doc("powerHp", 200L))).isEmpty();
        assertThat(diff.diff(doc("powerHp", 200), doc("powerHp", 200.0))).isEmpty();
        assertThat(diff.diff(doc("price", new BigDecimal("1.50")), doc("price", 1.5)))
                .isEmpty();
        assertThat(diff.diff(doc("powerHp", 200), doc("powerHp", 200.5)))
                .containsExactly(Change.changed("powerHp", 200, 200.5));
        assertThat(diff.diff(doc("big", Long.MAX_VALUE), doc("big", (double) Long.MAX_VALUE)))
                .hasSize(1);
    }

    @Test
    void numbersCompareByValueInsideArraysAndIdentities() {
        assertThat(diff.diff(doc("s", List.of(1, 2L)), doc("s", List.of(1L, 2))))
                .isEmpty();
        assertThat(diff.diff(
                        doc("stages", List.of(doc("stage", 1, "p", 5))),
                        doc("stages", List.of(doc("stage", 1L, "p", 5L)))))
                .isEmpty();
    }

    @Test
    void datesAndOtherScalarsCompareByEquals() {
        assertThat(diff.diff(doc("at", new Date(1000)), doc("at", new Date(1000))))
                .isEmpty();
        assertThat(diff.diff(doc("at", new Date(1000)), doc("at", new Date(2000))))
                .containsExactly(Change.changed("at", new Date(1000), new Date(2000)));
        assertThat(diff.diff(doc("on", true), doc("on", "true"))).hasSize(1);
        assertThat(diff.diff(doc("bin", new byte[] {1, 2}), doc("bin", new byte[] {1, 2})))
                .isEmpty();
    }

    @Test
    void ignoredTopLevelKeysNeverProduceChanges() {
        assertThat(diff.diff(
                        doc("version", 1, "_change", doc("by", "ann"), "a", 1),
                        doc("version", 2, "_change", doc("by", "bob"), "a", 1)))
                .isEmpty();
        assertThat(diff.diff(doc("a", 1), doc("a", 1, "version", 7))).isEmpty();
    }

    @Test
    void ignoredKeysApplyOnlyAtTheTopLevel() {
        assertThat(diff.diff(doc("spec", doc("version", 1)), doc("spec", doc("version", 2))))
                .containsExactly(Change.changed("spec.version", 1, 2));
    }

    @Test
    void createReportsEveryBusinessFieldAsAdded() {
        assertThat(diff.diff(null, doc("_id", "e1", "name", "V8", "version", 1)))
                .containsExactly(Change.added("_id", "e1"), Change.added("name", "V8"));
    }

    @Test
    void deleteReportsEveryBusinessFieldAsRemoved() {
        assertThat(diff.diff(doc("name", "V8", "_change", doc()), null)).containsExactly(Change.removed("name", "V8"));
    }

    @Test
    void changedElementOfAnIdentifiedArrayIsReportedByIndexAndField() {
        var before = doc("stages", List.of(doc("stage", 1, "powerHp", 100), doc("stage", 2, "powerHp", 200)));
        var after = doc("stages", List.of(doc("stage", 1, "powerHp", 100), doc("stage", 2, "powerHp", 250)));
        assertThat(diff.diff(before, after)).containsExactly(Change.changed("stages[1].powerHp", 200, 250));
    }

    @Test
    void insertionAtTheFrontOfAnIdentifiedArrayIsOneAddition() {
        var s1 = doc("stage", 1, "powerHp", 100);
        var s2 = doc("stage", 2, "powerHp", 200);
        var s0 = doc("stage", 0, "powerHp", 50);
        assertThat(diff.diff(doc("stages", List.of(s1, s2)), doc("stages", List.of(s0, s1, s2))))
                .containsExactly(Change.added("stages[0]", s0));
    }

    @Test
    void appendedElementIsAddedAtItsIndex() {
        var s1 = doc("stage", 1);
        var s2 = doc("stage", 2);
        var s3 = doc("stage", 3, "powerHp", 300);
        assertThat(diff.diff(doc("stages", List.of(s1, s2)), doc("stages", List.of(s1, s2, s3))))
                .containsExactly(Change.added("stages[2]", s3));
    }

    @Test
    void removalFromAnIdentifiedArrayUsesTheOldIndex() {
        var s1 = doc("id", "a");
        var s2 = doc("id", "b");
        var s3 = doc("id", "c");
        assertThat(diff.diff(doc("parts", List.of(s1, s2, s3)), doc("parts", List.of(s1, s3))))
                .containsExactly(Change.removed("parts[1]", s2));
    }

    @Test
    void insertionAndEditInTheSameIdentifiedArray() {
        var before = doc("stages", List.of(doc("stage", 1, "powerHp", 100), doc("stage", 2, "powerHp", 200)));
        var s0 = doc("stage", 0, "powerHp", 50);
        var after = doc("stages", List.of(s0, doc("stage", 1, "powerHp", 100), doc("stage", 2, "powerHp", 220)));
        assertThat(diff.diff(before, after))
                .containsExactly(Change.added("stages[0]", s0), Change.changed("stages[2].powerHp", 200, 220));
    }

    @Test
    void movedIdentifiedElementIsRemovedAndAdded() {
        var a = doc("_id", "a");
        var b = doc("_id", "b");
        var c = doc("_id", "c");
        List<Change> changes = diff.diff(doc("l", List.of(a, b, c)), doc("l", List.of(c, a, b)));
        assertThat(changes).containsExactlyInAnyOrder(Change.added("l[0]", c), Change.removed("l[2]", c));
    }

    @Test
    void firstConfiguredIdentityFieldPresentEverywhereWins() {
        var before = doc("l", List.of(doc("_id", 1, "id", "x", "v", 1), doc("_id", 2, "id", "y", "v", 1)));
        var after = doc("l", List.of(doc("_id", 2, "id", "y", "v", 1), doc("_id", 1, "id", "x", "v", 2)));
        // matched by _id: element 1 moved to the end and changed
        assertThat(diff.diff(before, after)).extracting(Change::path).containsExactlyInAnyOrder("l[0]", "l[1]");
    }

    @Test
    void duplicateIdentitiesFallBackToPositionalAlignment() {
        var before = doc("l", List.of(doc("id", 1, "v", 1), doc("id", 1, "v", 2)));
        var after = doc("l", List.of(doc("id", 1, "v", 1), doc("id", 1, "v", 3)));
        assertThat(diff.diff(before, after)).containsExactly(Change.changed("l[1].v", 2, 3));
    }

    @Test
    void customIdentityFields() {
        DocumentDiff bySku =
                DocumentDiff.builder().identityFields(List.of("sku")).build();
        var x = doc("sku", "x", "q", 1);
        var y = doc("sku", "y", "q", 1);
        var z = doc("sku", "z", "q", 1);
        assertThat(bySku.diff(doc("l", List.of(x, y)), doc("l", List.of(z, x, y))))
                .containsExactly(Change.added("l[0]", z));
    }

    @Test
    void subDocumentsWithoutIdentityAreDiffedByPosition() {
        var before = doc("l", List.of(doc("a", 1), doc("a", 2)));
        var after = doc("l", List.of(doc("a", 1), doc("a", 3)));
        assertThat(diff.diff(before, after)).containsExactly(Change.changed("l[1].a", 2, 3));
    }

    @Test
    void scalarInsertionInTheMiddleIsOneAddition() {
        assertThat(diff.diff(doc("tags", List.of("a", "b", "c")), doc("tags", List.of("a", "x", "b", "c"))))
                .containsExactly(Change.added("tags[1]", "x"));
    }

    @Test
    void scalarReplacementIsOneChange() {
        assertThat(diff.diff(doc("tags", List.of("a", "b", "c")), doc("tags", List.of("a", "x", "c"))))
                .containsExactly(Change.changed("tags[1]", "b", "x"));
    }

    @Test
    void scalarRemovalsAndAdditionsAreAligned() {
        assertThat(diff.diff(doc("t", List.of(1, 2, 3, 4, 5)), doc("t", List.of(2, 3, 5, 6))))
                .containsExactly(Change.removed("t[0]", 1), Change.removed("t[3]", 4), Change.added("t[3]", 6));
    }

    @Test
    void emptiedArrayRemovesEveryElement() {
        assertThat(diff.diff(doc("t", List.of("a", "b")), doc("t", List.of())))
                .containsExactly(Change.removed("t[0]", "a"), Change.removed("t[1]", "b"));
    }

    @Test
    void nestedArraysGetChainedIndexes() {
        assertThat(diff.diff(
                        doc("m", List.of(List.of(1, 2), List.of(3, 4))),
                        doc("m", List.of(List.of(1, 2), List.of(3, 5)))))
                .containsExactly(Change.changed("m[1][1]", 4, 5));
    }

    @Test
    void anArrayReplacedByAScalarIsOneChange() {
        assertThat(diff.diff(doc("t", List.of(1)), doc("t", 1))).containsExactly(Change.changed("t", List.of(1), 1));
    }

    @Test
    void longArraysAreAlignedCorrectly() {
        List<Integer> before = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            before.add(i);
        }
        List<Integer> after = new ArrayList<>(before);
        after.remove(2500);
        after.add(0, -1);
        assertThat(diff.diff(doc("t", before), doc("t", after)))
                .containsExactly(Change.added("t[0]", -1), Change.removed("t[2500]", 2500));
    }

    // alignment (issue 16): the catalog's stages are numbered 1, 2, 3 ... in order, so `stage` is an ordinal
    private final DocumentDiff catalog = DocumentDiff.builder()
            .ignoring(Set.of("version", "_change"))
            .ordinalFields(Set.of("stage"))
            .build();

    private static Map<String, Object> stage(int n, int powerHp) {
        return doc("stage", n, "powerHp", powerHp, "torqueNm", powerHp + 100, "priceEur", 500);
    }

    @Test
    void removingTheFirstOfThreeRenumberedStagesIsOneRemoval() {
        var before = doc("stages", List.of(stage(1, 200), stage(2, 240), stage(3, 280)));
        var after = doc("stages", List.of(stage(1, 240), stage(2, 280)));
        assertThat(catalog.diff(before, after)).containsExactly(Change.removed("stages[0]", stage(1, 200)));
    }

    @Test
    void insertingAStageInTheMiddleIsOneAddition() {
        var before = doc("stages", List.of(stage(1, 200), stage(2, 280)));
        var after = doc("stages", List.of(stage(1, 200), stage(2, 240), stage(3, 280)));
        assertThat(catalog.diff(before, after)).containsExactly(Change.added("stages[1]", stage(2, 240)));
    }

    @Test
    void reorderedStagesAreOneRemovalAndOneAddition() {
        var before = doc("stages", List.of(stage(1, 200), stage(2, 240), stage(3, 280)));
        var after = doc("stages", List.of(stage(1, 240), stage(2, 280), stage(3, 200)));
        assertThat(catalog.diff(before, after))
                .containsExactly(Change.removed("stages[0]", stage(1, 200)), Change.added("stages[2]", stage(3, 200)));
    }

    @Test
    void changingOneStagesFieldIsOneFieldChange() {
        var before = doc("stages", List.of(stage(1, 200), stage(2, 240), stage(3, 280)));
        var after = doc(
                "stages",
                List.of(
                        stage(1, 200),
                        doc("stage", 2, "powerHp", 240, "torqueNm", 340, "priceEur", 650),
                        stage(3, 280)));
        assertThat(catalog.diff(before, after)).containsExactly(Change.changed("stages[1].priceEur", 500, 650));
    }

    @Test
    void anOrdinalThatDoesNotFollowTheMoveIsAChange() {
        var before = doc("stages", List.of(stage(1, 200), stage(2, 240)));
        var after = doc("stages", List.of(stage(1, 200), stage(5, 240)));
        assertThat(catalog.diff(before, after)).containsExactly(Change.changed("stages[1].stage", 2, 5));
    }

    @Test
    void removalInsideANestedListIsOneRemovalAtItsPath() {
        var before = doc(
                "variants",
                List.of(
                        doc("name", "a", "stages", List.of(stage(1, 200), stage(2, 240), stage(3, 280))),
                        doc("name", "b", "stages", List.of())));
        var after = doc(
                "variants",
                List.of(
                        doc("name", "a", "stages", List.of(stage(1, 240), stage(2, 280))),
                        doc("name", "b", "stages", List.of())));
        assertThat(catalog.diff(before, after)).containsExactly(Change.removed("variants[0].stages[0]", stage(1, 200)));
    }

    @Test
    void withoutOrdinalsRenumberedElementsAreDifferentValues() {
        var before = doc("stages", List.of(stage(1, 200), stage(2, 240)));
        var after = doc("stages", List.of(stage(1, 240)));
        assertThat(diff.diff(before, after))
                .extracting(Change::kind)
                .containsExactly(Change.Kind.REMOVED, Change.Kind.REMOVED, Change.Kind.ADDED);
    }

    @Test
    void keyOrderIsNotAChange() {
        assertThat(diff.diff(doc("a", 1, "b", 2), doc("b", 2, "a", 1))).isEmpty();
    }

    @Test
    void equalIgnoringSkipsTheGivenTopLevelKeys() {
        Set<String> bookkeeping = Set.of("version", "_change");
        assertThat(DocumentDiff.equalIgnoring(
                        doc("a", 1, "version", 1), doc("a", 1L, "version", 2, "_change", doc()), bookkeeping))
                .isTrue();
        assertThat(DocumentDiff.equalIgnoring(doc("a", 1), doc("a", 2), bookkeeping))
                .isFalse();
        assertThat(DocumentDiff.equalIgnoring(doc("a", 1), doc("a", 1, "b", 2), bookkeeping))
                .isFalse();
        assertThat(DocumentDiff.equalIgnoring(doc("a", 1, "b", null), doc("a", 1), bookkeeping))
                .isFalse();
        assertThat(DocumentDiff.equalIgnoring(
                        doc("l", List.of(doc("x", 1))), doc("l", List.of(doc("x", 1.0))), bookkeeping))
                .isTrue();
        assertThat(DocumentDiff.equalIgnoring(null, doc(), bookkeeping)).isFalse();
    }

    @Test
    void changeKindsHaveLowerCaseLabels() {
        assertThat(Change.Kind.ADDED.label()).isEqualTo("added");
        assertThat(Change.Kind.ofLabel("changed")).isEqualTo(Change.Kind.CHANGED);
    }

    static Map<String, Object> doc(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> m) {
        Map<String, Object> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(
                k,
                v instanceof Map<?, ?> mm
                        ? copy((Map<String, Object>) mm)
                        : v instanceof List<?> l ? new ArrayList<>(l) : v));
        return c;
    }
}
