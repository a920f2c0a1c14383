package io.backstop.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class PagingTest {

    @Test
    void aCursorGivesBackItsParts() {
        String cursor = Paging.cursor("2026-12-08T00:00:00Z", "brand|bmw", "");
        assertThat(cursor).doesNotContain("brand");
        assertThat(Paging.parts(cursor, 3)).containsExactly("2026-12-08T00:00:00Z", "brand|bmw", "");
    }

    @Test
    void noCursorIsTheFirstPage() {
        assertThat(Paging.parts(null, 2)).isNull();
        assertThat(Paging.parts(" ", 2)).isNull();
    }

    @Test
    void aForeignCursorIsTheCallersMistake() {
        for (String foreign : List.of("!!!", Paging.cursor("a", "b"))) {
            assertThatThrownBy(() -> Paging.parts(foreign, 3)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                assertThat(e.errors())
                        .extracting(ApiException.FieldError::field)
                        .containsExactly("cursor");
            });
        }
    }

    @Test
    void theLimitDefaultsAndIsBounded() {
        assertThat(Paging.limit(null)).isEqualTo(Paging.DEFAULT_LIMIT);
        assertThat(Paging.limit(500)).isEqualTo(500);
        for (int wrong : new int[] {0, -1, 501}) {
            assertThatThrownBy(() -> Paging.limit(wrong))
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("between 1 and 500");
        }
    }

    @Test
    void aTaggedCursorIsReadOnlyByItsOwnList() {
        String cursor = Paging.cursor("history", "engines:e1:0000000002");
        assertThat(Paging.parts(cursor, "history", 1)).containsExactly("engines:e1:0000000002");
        assertThat(Paging.parts(null, "history", 1)).isNull();
        assertThatThrownBy(() -> Paging.parts(cursor, "entries", 1)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(e.errors()).extracting(ApiException.FieldError::field).containsExactly("cursor");
        });
    }
}
