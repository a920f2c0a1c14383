package io.backstop.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.backstop.diff.Change;

class CatalogFieldsTest {

    private static Map<String, Object> stage(int n, int powerHp) {
        return Map.of("stage", n, "powerHp", powerHp, "torqueNm", 400, "priceEur", 590);
    }

    @Test
    void removingTheFirstOfThreeStagesIsOneRemoval() {
        var before = Map.of(
                "name", "2.0 TFSI", "version", 3, "stages", List.of(stage(1, 230), stage(2, 260), stage(3, 290)));
        var after = Map.of("name", "2.0 TFSI", "version", 4, "stages", List.of(stage(1, 260), stage(2, 290)));
        assertThat(CatalogFields.DIFF.diff(before, after)).containsExactly(Change.removed("stages[0]", stage(1, 230)));
    }

    @Test
    void bookkeepingAndTheApiViewsOwnFieldsAreNotBusiness() {
        assertThat(List.of(
                        "_id",
                        "id",
                        "version",
                        "_change",
                        "_created",
                        "changedAt",
                        "changedBy",
                        "createdAt",
                        "createdBy"))
                .noneMatch(CatalogFields::isBusiness);
        assertThat(List.of("name", "stages", "position", "brandId")).allMatch(CatalogFields::isBusiness);
    }
}
