package io.backstop.backup;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.backstop.contracts.Page;
import io.backstop.support.Paging;

/**
 * The backup database's lists (backups, operations, cleanups, schedules) paged by (time, _id): a cursor is the
 * last item's position, so items written or deleted between two pages cause neither a gap nor a duplicate, as an
 * offset would. The cursor also names its list, so one list's cursor is refused by another instead of seeking to
 * an unrelated position.
 */
public final class KeysetPages {

    private static final String ID = "_id";

    private KeysetPages() {}

    public enum Order {
        NEWEST_FIRST,
        OLDEST_FIRST
    }

    /**
     * @param list      the list's name, carried in its cursors
     * @param filter    what the caller asked for; {@code total} counts it
     * @param timeField a date field every listed document has
     */
    public static <T> Page<T> page(
            MongoCollection<Document> collection,
            String list,
            Bson filter,
            String timeField,
            Order order,
            Integer limit,
            String cursor,
            Function<Document, T> mapper) {
        int size = Paging.limit(limit);
        Bson seek = filter;
        List<String> after = Paging.parts(cursor, 3);
        if (after != null) {
            if (!list.equals(after.get(0))) {
                throw Paging.notIssued();
            }
            Date at;
            try {
                at = new Date(Long.parseLong(after.get(1)));
            } catch (NumberFormatException e) {
                throw Paging.notIssued();
            }
            String id = after.get(2);
            Bson beyond = order == Order.NEWEST_FIRST
                    ? Filters.or(Filters.lt(timeField, at), Filters.and(Filters.eq(timeField, at), Filters.lt(ID, id)))
                    : Filters.or(Filters.gt(timeField, at), Filters.and(Filters.eq(timeField, at), Filters.gt(ID, id)));
            seek = Filters.and(filter, beyond);
        }
        Bson sort = order == Order.NEWEST_FIRST ? Sorts.descending(timeField, ID) : Sorts.ascending(timeField, ID);
        List<Document> docs = new ArrayList<>();
        try (MongoCursor<Document> found =
                collection.find(seek).sort(sort).limit(size + 1).iterator()) {
            found.forEachRemaining(docs::add);
        }
        String next = null;
        if (docs.size() > size) {
            docs = docs.subList(0, size);
            Document last = docs.get(size - 1);
            next = Paging.cursor(list, String.valueOf(last.getDate(timeField).getTime()), last.getString(ID));
        }
        return new Page<>(docs.stream().map(mapper).toList(), next, collection.countDocuments(filter));
    }
}
