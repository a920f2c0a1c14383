package io.backstop.contracts;

import java.util.Map;
import java.util.Set;

/**
 * Reserved field names on catalog documents, shared by every writer (catalog-service, restores) and every
 * reader of captured documents (audit-service, backup compare). Business fields belong to catalog-service.
 */
public final class CatalogFields {

    public static final String ID = "_id";
    public static final String VERSION = "version";
    public static final String CHANGE = "_change";
    /**
     * Who created the document and when ({@link #BY}, {@link #AT}), stamped by the write that creates it and carried
     * over by every later write; absent on documents written before it existed or directly to the database.
     */
    public static final String CREATED = "_created";

    /** Sub-fields of {@link #CHANGE}. */
    public static final String TX_ID = "txId";
    public static final String ACTION = "action";
    public static final String BY = "by";
    public static final String AT = "at";
    public static final String REASON = "reason";
    public static final String REQUEST_ID = "requestId";
    public static final String METADATA = "metadata";
    /**
     * {@code true} on a delete marker only: the state written just before the document is removed, so the
     * pre-image of the delete names who deleted it. Its {@code action} is delete (or rollback / restore when
     * those remove a document). Readers treat a document under a marker as gone.
     */
    public static final String DELETED = "deleted";

    /** A document's place among its siblings (an order, not an identity: ties sort by name). */
    public static final String POSITION = "position";
    public static final String BRAND_ID = "brandId";
    public static final String MODEL_ID = "modelId";
    /** The field naming each collection's parent; brands have none. */
    public static final Map<String, String> PARENT_FIELD = Map.of("models", BRAND_ID, "engines", MODEL_ID);

    /** Not business data: diffs and "is this document identical" checks ignore them. */
    public static final Set<String> BOOKKEEPING = Set.of(VERSION, CHANGE, CREATED);

    private CatalogFields() {
    }
}
