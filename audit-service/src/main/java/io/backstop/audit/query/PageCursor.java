package io.backstop.audit.query;

import java.util.Date;
import java.util.List;

import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;

import io.backstop.audit.store.AuditFields;
import io.backstop.support.Paging;

/**
 * A keyset position: the (changedAt, _id) of the last item of a page, in {@link Paging}'s opaque form tagged with
 * the list that issued it (a cursor of the internal feed is no cursor of the search).
 */
record PageCursor(String list, long changedAtMillis, String id) {

    String encode() {
        return Paging.cursor(list, Long.toString(changedAtMillis), id);
    }

    static PageCursor decode(String list, String cursor) {
        List<String> parts = Paging.parts(cursor, list, 2);
        if (parts == null) {
            return null;
        }
        try {
            return new PageCursor(list, Long.parseLong(parts.get(0)), parts.get(1));
        } catch (NumberFormatException e) {
            throw Paging.notIssued();
        }
    }

    /** Entries after this position in the given direction. */
    Bson after(boolean newestFirst) {
        Date at = new Date(changedAtMillis);
        if (newestFirst) {
            return Filters.or(
                    Filters.lt(AuditFields.CHANGED_AT, at),
                    Filters.and(Filters.eq(AuditFields.CHANGED_AT, at), Filters.lt(AuditFields.ID, id)));
        }
        return Filters.or(
                Filters.gt(AuditFields.CHANGED_AT, at),
                Filters.and(Filters.eq(AuditFields.CHANGED_AT, at), Filters.gt(AuditFields.ID, id)));
    }
}
