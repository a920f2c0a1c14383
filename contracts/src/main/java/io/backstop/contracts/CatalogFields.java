package io.backstop.contracts;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.backstop.diff.DocumentDiff;

/**
 * Reserved field names on catalog documents, shared by every writer (catalog-service, restores) and every
 * reader of captured documents (audit-service, backup compare): what is not business data, and how two
 * documents are diffed. The business fields themselves are catalog-service's Body records, which it serves to
 * the UI as {@code GET /api/catalog/schema}.
 */
public final class CatalogFields {

    public static final String ID = MongoFields.ID;
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

    /**
     * What the API's view of a document (catalog-service's CatalogDocument) carries besides business fields and
     * {@link #VERSION}: {@link #ID} as {@code id}, {@link #CREATED} and {@link #CHANGE} spelled out.
     */
    public static final Set<String> VIEW =
            Set.of("id", "createdAt", "createdBy", "changedAt", "changedBy", "action", "reason", "deleted");

    /**
     * Everything a stored document or its API view carries besides business fields: a rollback, a restore or a
     * form copies every other field.
     */
    public static final Set<String> NOT_BUSINESS = Stream.concat(Stream.of(ID, VERSION, CHANGE, CREATED), VIEW.stream())
            .collect(Collectors.toUnmodifiableSet());

    /** An engine's tuning stages, each numbered by {@link #STAGE}. */
    public static final String STAGES = "stages";
    /** A stage's number: 1, 2, 3 ... in order, so it follows the stage's place rather than identifying it. */
    public static final String STAGE = "stage";

    /**
     * The diff of two catalog documents: bookkeeping ignored, array elements aligned by value with stage
     * numbers left out, so removing stage 1 of 3 is one removal and not a renumbering of the others.
     */
    public static final DocumentDiff DIFF = DocumentDiff.builder()
            .ignoring(BOOKKEEPING)
            .ordinalFields(Set.of(STAGE))
            .build();

    public static boolean isBusiness(String field) {
        return !NOT_BUSINESS.contains(field);
    }

    private CatalogFields() {}
}
