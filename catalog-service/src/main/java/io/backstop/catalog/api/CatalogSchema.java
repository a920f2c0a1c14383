package io.backstop.catalog.api;

import org.bson.Document;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.backstop.contracts.CatalogFields;

/**
 * Business field names of catalog documents, and their indexes (created at start-up). The structural ones (parent
 * links, position) are contracts' {@link CatalogFields}, which restores and the audit trail read too.
 */
public final class CatalogSchema {

    public static final String NAME = "name";
    public static final String POSITION = CatalogFields.POSITION;
    public static final String COUNTRY = "country";
    public static final String LOGO_URL = "logoUrl";
    public static final String FOUNDED = "founded";
    public static final String DESCRIPTION = "description";
    public static final String BRAND_ID = CatalogFields.BRAND_ID;
    public static final String YEAR_FROM = "yearFrom";
    public static final String YEAR_TO = "yearTo";
    public static final String BODY_TYPE = "bodyType";
    public static final String MODEL_ID = CatalogFields.MODEL_ID;
    public static final String FUEL = "fuel";
    public static final String POWER_HP = "powerHp";
    public static final String TORQUE_NM = "torqueNm";
    public static final String DISPLACEMENT_CC = "displacementCc";
    public static final String CYLINDERS = "cylinders";
    public static final String ENGINE_CODE = "engineCode";
    public static final String STAGES = "stages";
    public static final String STAGE = "stage";
    public static final String PRICE_EUR = "priceEur";

    /** A document under a delete marker is gone for every reader. */
    public static final String CHANGE_DELETED = "_change.deleted";

    private CatalogSchema() {}

    public static void ensureIndexes(MongoDatabase db) {
        for (Kind kind : Kind.values()) {
            var collection = db.getCollection(kind.collection(), Document.class);
            collection.createIndex(Indexes.ascending(NAME), new IndexOptions().name("name"));
            if (kind.parentField() != null) {
                collection.createIndex(
                        Indexes.ascending(kind.parentField(), POSITION),
                        new IndexOptions().name(kind.parentField() + "_position"));
                collection.createIndex(
                        Indexes.ascending(kind.parentField()), new IndexOptions().name(kind.parentField()));
            }
        }
    }
}
