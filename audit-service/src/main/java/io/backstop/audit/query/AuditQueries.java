package io.backstop.audit.query;

import static io.backstop.audit.store.AuditFields.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.backstop.audit.store.AuditEntries;
import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.AuditStore;
import io.backstop.support.Paging;

/** Keyset-paged and streamed reads of {@code audit_logs}, ordered by (changedAt, _id). */
@Component
class AuditQueries {

    private static final int STREAM_BATCH = 500;
    private static final String HISTORY = "history";

    private final AuditStore store;

    AuditQueries(AuditStore store) {
        this.store = store;
    }

    /** A page of entries; {@code next} is the opaque cursor of the following page, null on the last one. */
    record Page(List<AuditEntry> items, String next) {}

    /**
     * Entries matching {@code filter} by (changedAt, _id), after {@code cursor}.
     *
     * @param list the list's name, which tags its cursors
     */
    Page page(String list, Bson filter, String cursor, int limit, boolean newestFirst) {
        PageCursor after = PageCursor.decode(list, cursor);
        Bson query = after == null ? filter : Filters.and(filter, after.after(newestFirst));
        List<AuditEntry> items = read(query, order(newestFirst), limit);
        if (items.size() <= limit) {
            return new Page(items, null);
        }
        AuditEntry last = items.get(limit - 1);
        return new Page(
                items.subList(0, limit), new PageCursor(list, last.changedAt().toEpochMilli(), last.id()).encode());
    }

    /**
     * One document's entries by version, oldest first. The cursor names the document, so it cannot page another
     * one's history.
     */
    Page history(String collection, String documentId, String cursor, int limit) {
        List<String> parts = Paging.parts(cursor, HISTORY, 3);
        long afterVersion = 0;
        if (parts != null) {
            if (!parts.get(0).equals(collection) || !parts.get(1).equals(documentId)) {
                throw Paging.notIssued();
            }
            try {
                afterVersion = Long.parseLong(parts.get(2));
            } catch (NumberFormatException e) {
                throw Paging.notIssued();
            }
        }
        Bson query = Filters.and(
                Filters.eq(COLLECTION, collection),
                Filters.eq(DOCUMENT_ID, documentId),
                Filters.gt(VERSION, afterVersion));
        List<AuditEntry> items = read(query, Sorts.ascending(VERSION), limit);
        if (items.size() <= limit) {
            return new Page(items, null);
        }
        long last = items.get(limit - 1).version();
        return new Page(items.subList(0, limit), Paging.cursor(HISTORY, collection, documentId, Long.toString(last)));
    }

    /** Up to {@code limit + 1} entries: the one past the page tells whether there is a next page. */
    private List<AuditEntry> read(Bson query, Bson sort, int limit) {
        List<AuditEntry> items = new ArrayList<>(limit + 1);
        try (MongoCursor<Document> it =
                store.collection().find(query).sort(sort).limit(limit + 1).iterator()) {
            it.forEachRemaining(d -> items.add(AuditEntries.fromDocument(d)));
        }
        return items;
    }

    /** Every matching entry, newest first, one driver batch in memory at a time. */
    void stream(Bson filter, Consumer<AuditEntry> sink) {
        try (MongoCursor<Document> it = store.collection()
                .find(filter)
                .sort(order(true))
                .batchSize(STREAM_BATCH)
                .iterator()) {
            while (it.hasNext()) {
                sink.accept(AuditEntries.fromDocument(it.next()));
            }
        }
    }

    private static Bson order(boolean newestFirst) {
        return newestFirst ? Sorts.descending(CHANGED_AT, ID) : Sorts.ascending(CHANGED_AT, ID);
    }
}
