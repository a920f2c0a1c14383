package io.backstop.backup.lock;

/** Field names of the {@code backup.locks} lease document. */
final class LeaseFields {

    static final String COLLECTION = "locks";
    static final String LEASE_ID = "critical-ops";

    static final String ID = "_id";
    static final String HOLDER = "holder";
    static final String INSTANCE = "instance";
    static final String TOKEN = "token";
    static final String OPERATION_ID = "operationId";
    static final String KIND = "kind";
    static final String STARTED_BY = "startedBy";
    static final String STARTED_AT = "startedAt";
    static final String HEARTBEAT_AT = "heartbeatAt";
    static final String EXPIRES_AT = "expiresAt";
    static final String PERCENT = "percent";
    static final String MESSAGE = "message";

    private LeaseFields() {
    }
}
