package io.backstop.outbox;

import static io.backstop.contracts.CatalogFields.*;

import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import com.mongodb.client.model.Filters;

/** Reads the reserved fields of catalog documents, tolerating documents written directly to the database. */
public final class CatalogDocuments {

    private CatalogDocuments() {}

    /**
     * Matches the document with this id whether its {@code _id} is the string the API generates or an
     * ObjectId some direct database write used.
     */
    public static Bson byId(String id) {
        return ObjectId.isValid(id) ? Filters.in(ID, id, new ObjectId(id)) : Filters.eq(ID, id);
    }

    /** The document's version; 0 for a document written without one (a direct database write). */
    public static long versionOf(Document doc) {
        return doc.get(VERSION) instanceof Number n ? n.longValue() : 0L;
    }

    /** The txId of the write that produced this state, or null for a write that bypassed the API. */
    public static String txIdOf(Document doc) {
        return doc.get(CHANGE) instanceof Document change && change.get(TX_ID) instanceof String s ? s : null;
    }

    public static boolean isDeleteMarker(Document doc) {
        return doc.get(CHANGE) instanceof Document change && Boolean.TRUE.equals(change.get(DELETED));
    }

    /** The business fields only: everything but {@link io.backstop.contracts.CatalogFields#NOT_BUSINESS}. */
    public static Document businessFields(Map<String, ?> doc) {
        Document result = new Document();
        doc.forEach((k, v) -> {
            if (isBusiness(k)) {
                result.append(k, v);
            }
        });
        return result;
    }

    /**
     * Refuses keys MongoDB would read as operators or paths ({@code $...}, dotted), at any depth, so no caller
     * can smuggle an operator into a stored document.
     */
    public static void requireSafeKeys(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                String at = path.isEmpty() ? key : path + "." + key;
                if (key.startsWith("$") || key.contains(".") || key.isEmpty()) {
                    throw new IllegalArgumentException("field name '" + at + "' is not allowed");
                }
                requireSafeKeys(v, at);
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                requireSafeKeys(list.get(i), path + "[" + i + "]");
            }
        }
    }
}
