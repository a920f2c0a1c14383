package io.backstop.audit.query;

import static io.backstop.audit.store.AuditFields.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;

import io.backstop.contracts.Actions;

/** The validated filters of the list and the export; every field optional, all of them ANDed. */
record AuditFilter(
        String collection,
        String documentId,
        Actions action,
        String changedBy,
        String field,
        Instant from,
        Instant to) {

    static AuditFilter none() {
        return new AuditFilter(null, null, null, null, null, null, null);
    }

    Bson toBson() {
        List<Bson> all = new ArrayList<>();
        if (collection != null) {
            all.add(Filters.eq(COLLECTION, collection));
        }
        if (documentId != null) {
            all.add(Filters.eq(DOCUMENT_ID, documentId));
        }
        if (action != null) {
            all.add(Filters.eq(ACTION, action.value()));
        }
        if (changedBy != null) {
            all.add(Filters.eq(CHANGED_BY, changedBy));
        }
        if (field != null) {
            all.add(Filters.eq(CHANGED_FIELDS, field));
        }
        if (from != null) {
            all.add(Filters.gte(CHANGED_AT, Date.from(from)));
        }
        if (to != null) {
            all.add(Filters.lte(CHANGED_AT, Date.from(to)));
        }
        return all.isEmpty() ? Filters.empty() : Filters.and(all);
    }
}
