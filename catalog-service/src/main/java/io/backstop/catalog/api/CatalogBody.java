package io.backstop.catalog.api;

import org.bson.Document;

/** A create / replace body of one kind: its business fields, parent, position and (for PUT) version. */
public sealed interface CatalogBody permits BrandBody, ModelBody, EngineBody {

    Kind kind();

    /** The parent id, or null for a brand. */
    String parentId();

    Integer position();

    /** The version the client last saw: required on PUT, refused on POST. */
    Long version();

    /** The business fields as stored, without position (the service decides it) and without version. */
    Document toState();

    static Document putIfPresent(Document doc, String key, Object value) {
        if (value != null) {
            doc.append(key, value);
        }
        return doc;
    }
}
