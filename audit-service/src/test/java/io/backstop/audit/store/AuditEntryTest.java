package io.backstop.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditEntryTest {

    @Test
    void idsSortByVersionWhateverItsNumberOfDigits() {
        assertThat(AuditEntry.idOf("engines", "e1", 1)).isEqualTo("engines:e1:0000000001");
        assertThat(AuditEntry.idOf("engines", "e1", 12)).isEqualTo("engines:e1:0000000012");
        assertThat(AuditEntry.idOf("engines", "e1", 9_999_999_999L)).isEqualTo("engines:e1:9999999999");
        assertThat(AuditEntry.idOf("engines", "e1", 10_000_000_000L)).isEqualTo("engines:e1:10000000000");
        assertThat(AuditEntry.idOf("engines", "e1", 9)).isLessThan(AuditEntry.idOf("engines", "e1", 10));
    }

    @Test
    void theSameIdsAsEntriesStoredBeforeHave() {
        // entries already in audit_logs were given ids by String.format("%010d"): a replay must find them again, and
        // a version asked for through the API (negative ones too) must miss or hit as it did
        for (long version : new long[] {
            Long.MIN_VALUE, -12, -1, 0, 1, 7, 10, 99, 123_456, 1_000_000_000L, 9_999_999_999L, Long.MAX_VALUE
        }) {
            assertThat(AuditEntry.idOf("models", "m-7", version))
                    .isEqualTo("models:m-7:" + String.format("%010d", version));
        }
    }
}
