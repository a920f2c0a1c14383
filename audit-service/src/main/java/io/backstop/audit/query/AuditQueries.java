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

/** Keyset-paged and streamed reads of {@code audit_logs}, ordered by (changedAt, _id). */
@Component
class AuditQueries {

    private static final int STREAM_BATCH = 500;

    private final AuditStore store;

    AuditQueries(AuditStore store) {
        this.store = store;
    }

    record Page(List<AuditEntry> items, PageCursor next) {
    }

    Page page(Bson filter, PageCursor cursor, int size, boolean newestFirst) {
        Bson query = cursor == null ? filter : Filters.and(filter, cursor.after(newestFirst));
        List<AuditEntry> items = new ArrayList<>(size);
        PageCursor next = null;
        try (MongoCursor<Document> it = store.collection().find(query).sort(order(newestFirst)).limit(size + 1).iterator()) {
            while (it.hasNext()) {
                Document d = it.next();
                if (items.size() == size) {
                    AuditEntry last = items.get(size - 1);
                    next = new PageCursor(last.changedAt().toEpochMilli(), last.id());
                    break;
                }
                items.add(AuditEntries.fromDocument(d));
            }
        }
        return new Page(items, next);
    }

    /** Every matching entry, newest first, one driver batch in memory at a time. */
    void stream(Bson filter, Consumer<AuditEntry> sink) {
        try (MongoCursor<Document> it = store.collection().find(filter).sort(order(true)).batchSize(STREAM_BATCH).iterator()) {
            while (it.hasNext()) {
                sink.accept(AuditEntries.fromDocument(it.next()));
            }
        }
    }

    private static Bson order(boolean newestFirst) {
        return newestFirst ? Sorts.descending(CHANGED_AT, ID) : Sorts.ascending(CHANGED_AT, ID);
    }
}
