package io.backstop.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The key of a record on a capture topic: Debezium's MongoDB key, whose {@code id} is the document's
 * {@code _id} as an Extended JSON string. Catalog ids are strings, so {@code id} is a quoted JSON string.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChangeEventKey(String id) {

    public static ChangeEventKey of(String documentId) {
        return new ChangeEventKey(Json.MAPPER.writeValueAsString(documentId));
    }

    /** The {@code _id}, for the string ids the catalog uses; the raw Extended JSON for any other id type. */
    public String documentId() {
        var node = Json.MAPPER.readTree(id);
        return node.isString() ? node.stringValue() : id;
    }
}
