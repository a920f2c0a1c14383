package io.backstop.catalog.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

import io.backstop.contracts.CatalogFields;
import io.backstop.contracts.PlainJson;
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
        view.put("id", PlainJson.of(doc.get(CatalogFields.ID)));
        CatalogDocuments.businessFields(doc).forEach((k, v) -> view.put(k, PlainJson.of(v)));
        view.put(CatalogFields.VERSION, CatalogDocuments.versionOf(doc));
        view.put("lastChange", doc.get(CatalogFields.CHANGE) instanceof Document change ? lastChange(change) : null);
        return view;
    }

    static String idOf(Document doc) {
        return String.valueOf(PlainJson.of(doc.get(CatalogFields.ID)));
    }

    private static Map<String, Object> lastChange(Document change) {
        Map<String, Object> view = new LinkedHashMap<>();
        for (String key : List.of(CatalogFields.ACTION, CatalogFields.BY, CatalogFields.AT, CatalogFields.REASON,
                CatalogFields.REQUEST_ID)) {
            view.put(key, PlainJson.of(change.get(key)));
        }
        return view;
    }
}
