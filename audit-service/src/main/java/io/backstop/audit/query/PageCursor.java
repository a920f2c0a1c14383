package io.backstop.audit.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;

import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;

import io.backstop.audit.store.AuditFields;
import io.backstop.support.ApiException;

/** An opaque keyset position: the (changedAt, _id) of the last item of a page. */
record PageCursor(long changedAtMillis, String id) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((changedAtMillis + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static PageCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            int bar = s.indexOf('|');
            if (bar > 0 && bar < s.length() - 1) {
                return new PageCursor(Long.parseLong(s.substring(0, bar)), s.substring(bar + 1));
            }
        }
        catch (IllegalArgumentException e) {
            // reported below; NumberFormatException is an IllegalArgumentException
        }
        throw ApiException.badRequest("'cursor' is not a cursor this service issued: pass the 'next' value of the previous page unchanged");
    }

    /** Entries after this position in the given direction. */
    Bson after(boolean newestFirst) {
        Date at = new Date(changedAtMillis);
        if (newestFirst) {
            return Filters.or(Filters.lt(AuditFields.CHANGED_AT, at),
                    Filters.and(Filters.eq(AuditFields.CHANGED_AT, at), Filters.lt(AuditFields.ID, id)));
        }
        return Filters.or(Filters.gt(AuditFields.CHANGED_AT, at),
                Filters.and(Filters.eq(AuditFields.CHANGED_AT, at), Filters.gt(AuditFields.ID, id)));
    }
}
