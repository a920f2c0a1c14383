package io.backstop.catalog.api;

import java.util.Arrays;

import io.backstop.contracts.CatalogFields;
import io.backstop.support.ApiException;

/** The three document kinds, their collections and their parent link. */
public enum Kind {
    BRANDS("brands", null, BrandBody.class),
    MODELS("models", BRANDS, ModelBody.class),
    ENGINES("engines", MODELS, EngineBody.class);

    private final String collection;
    private final String parentField;
    private final Kind parent;
    private final Class<? extends CatalogBody> bodyType;

    Kind(String collection, Kind parent, Class<? extends CatalogBody> bodyType) {
        this.collection = collection;
        this.parentField = CatalogFields.PARENT_FIELD.get(collection);
        this.parent = parent;
        this.bodyType = bodyType;
    }

    public String collection() {
        return collection;
    }

    /** The field naming the parent ({@code brandId}, {@code modelId}), or null for brands. */
    public String parentField() {
        return parentField;
    }

    public Kind parent() {
        return parent;
    }

    /** The kind whose documents name this kind as parent, or null for engines. */
    public Kind child() {
        return Arrays.stream(values()).filter(k -> k.parent == this).findFirst().orElse(null);
    }

    public Class<? extends CatalogBody> bodyType() {
        return bodyType;
    }

    /** Singular, for messages. */
    public String noun() {
        return collection.substring(0, collection.length() - 1);
    }

    public static Kind of(String path) {
        return Arrays.stream(values())
                .filter(k -> k.collection.equals(path))
                .findFirst()
                .orElseThrow(() ->
                        ApiException.notFound("Unknown catalog kind '" + path + "'; use brands, models or engines."));
    }
}
