package io.backstop.outbox;

import io.backstop.contracts.MongoFields;

/** Collection and field names of the outbox protocol's bookkeeping in the {@code catalog} database. */
public final class OutboxFields {

    public static final String OUTBOX = "outbox";
    public static final String TOMBSTONES = "tombstones";
    public static final String COUNTERS = "counters";
    public static final String MAINTENANCE = "maintenance";

    /** outbox entry fields ({@code _id} is the txId). */
    public static final String ID = MongoFields.ID;

    public static final String SEQ = "seq";
    public static final String STATUS = "status";
    public static final String COLLECTION = "collection";
    public static final String DOCUMENT_ID = "documentId";
    public static final String OP = "op";
    public static final String BEFORE = "before";
    public static final String AFTER = "after";
    public static final String CREATED_AT = "createdAt";
    public static final String READY_AT = "readyAt";
    public static final String ABORTED_AT = "abortedAt";

    /** outbox entry statuses. */
    public static final String PENDING = "PENDING";

    public static final String READY = "READY";
    public static final String ABORTED = "ABORTED";

    /** tombstone fields ({@code _id} is {@code <collection>/<documentId>}). */
    public static final String TX_ID = "txId";

    public static final String LAST_VERSION = "lastVersion";
    public static final String DELETED_AT = "deletedAt";

    /** counters: the one sequence the outbox uses. */
    public static final String SEQUENCE_ID = "outbox-seq";

    public static final String VALUE = "value";

    /** the write-freeze document in {@link #MAINTENANCE}. */
    public static final String WRITE_FREEZE_ID = "write-freeze";

    public static final String EXPIRES_AT = "expiresAt";
    public static final String OPERATION_ID = "operationId";
    public static final String KIND = "kind";
    public static final String FREEZE_BY = "by";

    /** dotted path of the txId on a catalog document. */
    public static final String CHANGE_TX_ID = "_change.txId";

    public static final String CHANGE_ACTION = "_change.action";

    private OutboxFields() {}

    public static String tombstoneId(String collection, String documentId) {
        return collection + "/" + documentId;
    }
}
