package io.backstop.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ActionsTest {

    @Test
    void anActionIsItsLowerCaseValueInJsonBothWays() throws Exception {
        assertThat(new String(Json.write(Map.of("action", Actions.ROLLBACK)), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"action\":\"rollback\"}");
        assertThat(Json.MAPPER.readValue("\"external\"", Actions.class)).isEqualTo(Actions.EXTERNAL);
        assertThat(Actions.MOVE).hasToString("move");
    }

    @Test
    void anUnknownValueIsRefusedNamingTheAcceptedOnes() {
        assertThatThrownBy(() -> Actions.of("explode"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[create, update, delete, move, rollback, restore, external]");
        assertThat(Actions.find("Create")).isNull();
        assertThat(Actions.find(null)).isNull();
    }

    @Test
    void writesAreEveryActionButExternal() {
        assertThat(Actions.WRITES).doesNotContain(Actions.EXTERNAL);
        assertThat(Actions.ALL)
                .containsAll(Actions.WRITES)
                .contains(Actions.EXTERNAL)
                .hasSize(Actions.WRITES.size() + 1);
        assertThat(Actions.ALL)
                .extracting(Actions::value)
                .isEqualTo(List.of("create", "update", "delete", "move", "rollback", "restore", "external"));
    }
}
