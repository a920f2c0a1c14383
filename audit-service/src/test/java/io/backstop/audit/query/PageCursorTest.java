package io.backstop.audit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.backstop.support.ApiException;

class PageCursorTest {

    @Test
    void roundTrips() {
        PageCursor c = new PageCursor(1_764_000_000_123L, "engines:e1:0000000003");
        assertThat(PageCursor.decode(c.encode())).isEqualTo(c);
    }

    @Test
    void tamperedCursorIsABadRequest() {
        assertThatThrownBy(() -> PageCursor.decode("bm90LWEtY3Vyc29y")).isInstanceOf(ApiException.class)
                .hasMessageContaining("'next' value");
        assertThatThrownBy(() -> PageCursor.decode("%%%")).isInstanceOf(ApiException.class);
    }
}
