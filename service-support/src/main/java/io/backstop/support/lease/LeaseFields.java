package io.backstop.support.lease;

import io.backstop.contracts.MongoFields;

/** Field names of a lease document (one document per lease, keyed by the lease's name). */
public final class LeaseFields {

    public static final String ID = MongoFields.ID;
    public static final String HOLDER = "holder";
    public static final String INSTANCE = "instance";
    public static final String TOKEN = "token";
    public static final String OPERATION_ID = "operationId";
    public static final String KIND = "kind";
    public static final String STARTED_BY = "startedBy";
    public static final String STARTED_AT = "startedAt";
    public static final String HEARTBEAT_AT = "heartbeatAt";
    public static final String EXPIRES_AT = "expiresAt";
    public static final String PERCENT = "percent";
    public static final String MESSAGE = "message";

    private LeaseFields() {}
}
