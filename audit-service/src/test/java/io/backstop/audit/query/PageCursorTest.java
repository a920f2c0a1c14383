package io.backstop.audit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.backstop.support.ApiException;
import io.backstop.support.Paging;

class PageCursorTest {

    @Test
    void roundTrips() {
        PageCursor c = new PageCursor("entries", 1_764_000_000_123L, "engines:e1:0000000003");
        assertThat(PageCursor.decode("entries", c.encode())).isEqualTo(c);
    }

    @Test
    void tamperedCursorIsABadRequest() {
        assertThatThrownBy(() -> PageCursor.decode("entries", "bm90LWEtY3Vyc29y"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("'next' value");
        assertThatThrownBy(() -> PageCursor.decode("entries", "%%%")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> PageCursor.decode("entries", Paging.cursor("entries", "yesterday", "x")))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void aCursorOfAnotherListIsABadRequest() {
        String feed = new PageCursor("changes", 1_764_000_000_123L, "engines:e1:0000000003").encode();
        assertThatThrownBy(() -> PageCursor.decode("entries", feed))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("'next' value");
    }
}
