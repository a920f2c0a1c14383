package io.backstop.catalog.api;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;

import io.backstop.contracts.Actions;
import io.backstop.contracts.CatalogFields;
import io.backstop.contracts.PlainJson;
import io.backstop.outbox.CatalogDocuments;

/**
 * Stored documents as the API shows them ({@link CatalogDocument}). Tolerates whatever a direct database write
 * left (other id types, missing version or stamps, odd values), so such a document never breaks a read.
 */
public final class ItemViews {

    private ItemViews() {}

    public static CatalogDocument view(Document doc) {
        Map<String, Object> fields = new LinkedHashMap<>();
        CatalogDocuments.businessFields(doc).forEach((k, v) -> {
            // a business field named like one of the record's own (only a direct write makes one) is not shown
            if (!CatalogDocument.OWN.contains(k)) {
                fields.put(k, PlainJson.of(v));
            }
        });
        Document change = doc.get(CatalogFields.CHANGE) instanceof Document d ? d : new Document();
        Document created = doc.get(CatalogFields.CREATED) instanceof Document d ? d : new Document();
        return new CatalogDocument(
                idOf(doc),
                fields,
                CatalogDocuments.versionOf(doc),
                instant(created.get(CatalogFields.AT)),
                text(created.get(CatalogFields.BY)),
                instant(change.get(CatalogFields.AT)),
                text(change.get(CatalogFields.BY)),
                Actions.find(change.get(CatalogFields.ACTION)),
                text(change.get(CatalogFields.REASON)),
                Boolean.TRUE.equals(change.get(CatalogFields.DELETED)));
    }

    static String idOf(Document doc) {
        return String.valueOf(PlainJson.of(doc.get(CatalogFields.ID)));
    }

    private static Instant instant(Object value) {
        return value instanceof Date date ? date.toInstant() : null;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(PlainJson.of(value));
    }
}
