package io.backstop.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LockGuardTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "POST, /api/catalog/brands, CATALOG_WRITE",
        "PUT, /api/catalog/engines/abc, CATALOG_WRITE",
        "DELETE, /api/catalog/models/abc, CATALOG_WRITE",
        "POST, /api/catalog/engines/abc/move, CATALOG_WRITE",
        "POST, /api/audit/engines/abc/rollback, CATALOG_WRITE",
        "POST, /api/backups, BACKUP_OPERATION",
        "POST, /api/backups/b1/restore, BACKUP_OPERATION",
        "POST, /api/backups/pitr, BACKUP_OPERATION",
        "POST, /api/backups/cleanup, BACKUP_OPERATION",
        "DELETE, /api/backups/b1, BACKUP_OPERATION",
        "GET, /api/catalog/brands, NONE",
        "GET, /api/audit/export.csv, NONE",
        "POST, /api/backups/b1/verify, NONE",
        "POST, /api/backups/b1/pin, NONE",
        "PUT, /api/backups/schedules, NONE",
        "POST, /api/catalogue, NONE",
        "DELETE, /api/backups/schedules, NONE",
        "POST, /api/backups/schedules, NONE",
        "PUT, /api/backups/schedules/sch-1, NONE",
        "DELETE, /api/backups/schedules/sch-1, NONE",
        "PUT, /api/backups/retention, NONE",
    })
    void classifiesRequests(String method, String path, LockGuard.Conflict expected) {
        assertThat(LockGuard.classify(method, path)).isEqualTo(expected);
    }
}
