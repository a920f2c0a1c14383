package io.backstop.audit.store;

import io.backstop.contracts.MongoFields;

/** Field names of {@code audit.audit_logs}: the one place they are spelled. */
public final class AuditFields {

    public static final String COLLECTION_NAME = "audit_logs";

    public static final String ID = MongoFields.ID;
    public static final String COLLECTION = "collection";
    public static final String DOCUMENT_ID = "documentId";
    public static final String VERSION = "version";
    public static final String ACTION = "action";
    public static final String BEFORE = "before";
    public static final String AFTER = "after";
    public static final String CHANGES = "changes";
    /** Normalized changed paths and their ancestors and suffixes, for the {@code field} filter's index. */
    public static final String CHANGED_FIELDS = "changedFields";

    public static final String CHANGED_BY = "changedBy";
    public static final String CHANGED_AT = "changedAt";
    public static final String REASON = "reason";
    public static final String REQUEST_ID = "requestId";
    /** {@code _change.txId} of the write, to tell fresh attribution from a stale one a bypassing write left. */
    public static final String TX_ID = "txId";

    public static final String SOURCE_POSITION = "sourcePosition";
    public static final String METADATA = "metadata";
    /** The document chain: the hash of the document's previous entry, and this entry's (docs/audit-chain.md). */
    public static final String PREV_HASH = "prevHash";

    public static final String HASH = "hash";
    /** The global chain: a sub-document of {@link #SEQ}, {@link #PREV_ID}, {@link #PREV_HASH}, {@link #HASH}. */
    public static final String CHAIN = "chain";

    public static final String SEQ = "seq";
    public static final String PREV_ID = "prevId";
    public static final String CHAIN_SEQ = CHAIN + "." + SEQ;
    /** Paths redacted from the entry (not hashed: a redaction leaves every hash as it was). */
    public static final String REDACTED_PATHS = "redactedPaths";
    /** The head record's reference to the entry it points at. */
    public static final String ENTRY_ID = "entryId";

    /** Sub-fields of one element of {@link #CHANGES}. */
    public static final String PATH = "path";

    public static final String KIND = "kind";
    public static final String FROM = "from";
    public static final String TO = "to";

    private AuditFields() {}
}
