package io.backstop.catalog.api;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

import io.backstop.contracts.CatalogFields;
import io.backstop.outbox.CatalogDocuments;

/**
 * Stored documents as the API shows them: {@code id}, the business fields, {@code version} and
 * {@code lastChange}. Tolerates whatever a direct database write left (other id types, missing version, odd
 * values), so such a document never breaks a read.
 */
final class ItemViews {

    private ItemViews() {
    }

    static Map<String, Object> view(Document doc) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", plain(doc.get(CatalogFields.ID)));
        CatalogDocuments.businessFields(doc).forEach((k, v) -> view.put(k, plain(v)));
        view.put(CatalogFields.VERSION, CatalogDocuments.versionOf(doc));
        view.put("lastChange", doc.get(CatalogFields.CHANGE) instanceof Document change ? lastChange(change) : null);
        return view;
    }

    static String idOf(Document doc) {
        return String.valueOf(plain(doc.get(CatalogFields.ID)));
    }

    private static Map<String, Object> lastChange(Document change) {
        Map<String, Object> view = new LinkedHashMap<>();
        for (String key : List.of(CatalogFields.ACTION, CatalogFields.BY, CatalogFields.AT, CatalogFields.REASON,
                CatalogFields.REQUEST_ID)) {
            view.put(key, plain(change.get(key)));
        }
        return view;
    }

    private static Object plain(Object value) {
        if (value instanceof Document d) {
            Map<String, Object> map = new LinkedHashMap<>();
            d.forEach((k, v) -> map.put(k, plain(v)));
            return map;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(plain(v)));
            return out;
        }
        if (value instanceof ObjectId id) {
            return id.toHexString();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof Decimal128 decimal) {
            return decimal.bigDecimalValue();
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return String.valueOf(value);
    }
}
