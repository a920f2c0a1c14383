package io.backstop.backup;

/**
 * Success answers as the OpenAPI document shows them, one per operation. Kept beside each other so that a
 * renamed field is renamed in every example at once.
 */
public final class ApiExamples {

    private static final String BACKUP =
            """
            {"id": "bk-20261126-103000-ab12", "status": "completed", "type": "manual",
             "description": "before the price import", "createdBy": "admin",
             "createdAt": "2026-11-26T10:30:00Z", "finishedAt": "2026-11-26T10:30:04Z", "durationMs": 4120,
             "compressedBytes": 183456, "uncompressedBytes": 1048576,
             "counts": {"brands": 40, "models": 620, "engines": 4100},
             "checksums": {"brands.bson.gz": "9f86d081884c7d65..."},
             "positionAtStart": {"at": "2026-11-26T10:30:00Z", "counters": {}},
             "positionAtEnd": {"at": "2026-11-26T10:30:03Z", "counters": {}},
             "pinned": false, "error": null, "operationId": "bk-20261126-103000-ab12", "tool": "java",
             "lastVerification": {"at": "2026-11-26T10:30:04Z", "ok": true, "problems": []}}""";

    public static final String BACKUP_VIEW = BACKUP;

    public static final String BACKUP_STARTED =
            """
            {"id": "bk-20261126-103000-ab12", "status": "running", "type": "manual",
             "description": "before the price import", "createdBy": "admin", "createdAt": "2026-11-26T10:30:00Z",
             "finishedAt": null, "durationMs": null, "compressedBytes": 0, "uncompressedBytes": 0, "counts": {},
             "checksums": {}, "positionAtStart": {"at": "2026-11-26T10:30:00Z", "counters": {}},
             "positionAtEnd": null, "pinned": false, "error": null, "operationId": "bk-20261126-103000-ab12",
             "tool": null, "lastVerification": null}""";

    public static final String BACKUP_PAGE =
            "{\"items\": [" + BACKUP + "], \"next\": \"YmFja3Vwcx8xNzY0MTUzMDAw\"," + " \"total\": 12}";

    public static final String RESTORE_DONE =
            """
            {"id": "rs-20261126-110000-cd34", "kind": "restore", "status": "completed",
             "reason": "undo the broken import", "startedBy": "admin", "startedAt": "2026-11-26T11:00:00Z",
             "finishedAt": "2026-11-26T11:00:09Z", "durationMs": 9040, "percent": 100,
             "message": "restored engines", "error": null,
             "outcome": {"backupId": "bk-20261126-103000-ab12", "preRestoreBackupId": "bk-20261126-110000-ef56",
              "documentsChanged": 3, "collections": {
               "brands": {"created": 0, "changed": 1, "deleted": 0, "unchanged": 39},
               "models": {"created": 1, "changed": 0, "deleted": 0, "unchanged": 620},
               "engines": {"created": 0, "changed": 0, "deleted": 1, "unchanged": 4099}}}}""";

    public static final String RESTORE_STARTED =
            """
            {"id": "rs-20261126-110000-cd34", "kind": "restore", "status": "running",
             "reason": "undo the broken import", "startedBy": "admin", "startedAt": "2026-11-26T11:00:00Z",
             "finishedAt": null, "durationMs": null, "percent": 0, "message": null, "error": null,
             "outcome": null}""";

    public static final String PITR_STARTED =
            """
            {"id": "pitr-20261126-120000-gh78", "kind": "pitr", "status": "running",
             "reason": "back to before the import", "startedBy": "admin", "startedAt": "2026-11-26T12:00:00Z",
             "finishedAt": null, "durationMs": null, "percent": 0, "message": null, "error": null,
             "outcome": null}""";

    public static final String PITR_PREVIEW =
            """
            {"at": "2026-11-26T10:45:00Z", "baseBackupId": "bk-20261126-103000-ab12", "auditEntries": 14,
             "documentsChanged": 2, "collections": {
              "brands": {"created": 0, "changed": 1, "deleted": 0, "unchanged": 39},
              "models": {"created": 0, "changed": 0, "deleted": 1, "unchanged": 619},
              "engines": {"created": 0, "changed": 0, "deleted": 0, "unchanged": 4100}}}""";

    public static final String VERIFIED =
            """
            {"id": "verify-bk-20261126-103000-ab12-1764153600000", "kind": "verify", "status": "completed",
             "reason": null, "startedBy": "admin", "startedAt": "2026-11-26T10:40:00Z",
             "finishedAt": "2026-11-26T10:40:01Z", "durationMs": 812, "percent": 100, "message": null,
             "error": null, "outcome": {"backupId": "bk-20261126-103000-ab12", "documents": 4760, "problems": []}}""";

    public static final String OPERATION_PAGE = "{\"items\": [" + RESTORE_DONE + "], \"next\": null, \"total\": 1}";

    public static final String CLEANUP_DONE =
            """
            {"id": "cl-20261126-030000-ij90", "kind": "cleanup", "status": "completed", "reason": null,
             "startedBy": "admin", "startedAt": "2026-11-26T03:00:00Z", "finishedAt": "2026-11-26T03:00:01Z",
             "durationMs": 640, "percent": 100, "message": "deleted bk-20261001-020000-aa11", "error": null,
             "outcome": {"deletedBackupIds": ["bk-20261001-020000-aa11"], "trigger": "requested"}}""";

    public static final String CLEANUP_PAGE = "{\"items\": [" + CLEANUP_DONE + "], \"next\": null, \"total\": 1}";

    public static final String CLEANUP_PREVIEW =
            """
            {"backups": [{"backupId": "bk-20261001-020000-aa11", "createdAt": "2026-10-01T02:00:00Z",
              "reason": "beyond the newest 30"}], "kept": 30}""";

    public static final String POLICY =
            """
            {"keepLast": 30, "maxAgeDays": 90, "version": 3, "changedBy": "admin",
             "changedAt": "2026-11-20T09:00:00Z"}""";

    public static final String COMPARE_PAGE =
            """
            {"items": [
              {"collection": "brands", "documentId": "6745a1b2c3d4e5f601234567", "name": "Audi", "change": "changed",
               "changes": [{"path": "country", "kind": "changed", "from": "DE", "to": "Germany"}]},
              {"collection": "models", "documentId": "6745a1b2c3d4e5f601234599", "name": "A4 B9", "change": "added",
               "changes": []}],
             "next": "YmstMjAyNjExMjYtMTAzMDAwLWFiMTIfbGl2ZR8x...", "total": 57}""";

    private static final String SCHEDULE =
            """
            {"id": "sch-6745a1b2c3d4e5f601234567", "version": 2, "cron": "0 0 2 * * *",
             "description": "Nightly", "createdAt": "2026-11-01T08:00:00Z", "cronSince": "2026-11-01T08:00:00Z",
             "lastFiredAt": "2026-11-26T02:00:00Z", "createdBy": "admin", "changedBy": "admin",
             "changedAt": "2026-11-02T08:00:00Z"}""";

    public static final String SCHEDULE_VIEW = SCHEDULE;

    public static final String SCHEDULE_PAGE = "{\"items\": [" + SCHEDULE + "], \"next\": null, \"total\": 1}";

    private ApiExamples() {}
}
