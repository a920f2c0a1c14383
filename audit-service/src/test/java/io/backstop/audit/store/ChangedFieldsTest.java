package io.backstop.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.backstop.diff.Change;

class ChangedFieldsTest {

    @Test
    void nestedPathYieldsItsAncestorsAndSuffixes() {
        assertThat(ChangedFields.of(List.of(Change.changed("stages[1].torque.max", 1, 2))))
                .containsExactlyInAnyOrder("stages", "stages.torque", "stages.torque.max", "torque.max", "max");
    }

    @Test
    void normalizeDropsArrayIndexes() {
        assertThat(ChangedFields.normalize("m[0][12].a")).isEqualTo("m.a");
    }

    @Test
    void elementAdditionCountsAsAChangeOfTheArray() {
        assertThat(ChangedFields.of(List.of(Change.added("stages[2]", 1)))).containsExactly("stages");
    }
}
