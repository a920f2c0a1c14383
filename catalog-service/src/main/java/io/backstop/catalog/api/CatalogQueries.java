package io.backstop.catalog.api;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.regex;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Service;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;

import io.backstop.contracts.MongoFields;
import io.backstop.contracts.Page;
import io.backstop.outbox.CatalogDocuments;
import io.backstop.outbox.SiblingOrder;
import io.backstop.support.ApiException;
import io.backstop.support.Paging;

/** Reads: documents under a delete marker are gone; direct database writes are shown as they are. */
@Service
public class CatalogQueries {

    private final MongoDatabase db;
    private final SiblingOrder siblings;

    public CatalogQueries(MongoDatabase catalogDatabase) {
        this.db = catalogDatabase;
        this.siblings = new SiblingOrder(catalogDatabase);
    }

    /**
     * One page, siblings in position order (then name, then id), {@code q} matching names case-insensitively.
     * The cursor is an offset, not a keyset: position and name are whatever a direct database write left (missing,
     * null, another BSON type), and a keyset over such values would need comparisons across types that the
     * embedded server does not order like MongoDB. It carries the list it belongs to, so a cursor of another
     * kind, parent or search is refused instead of silently paging a different list.
     */
    public Page<CatalogDocument> list(Kind kind, String parentId, String q, int limit, String cursor) {
        String parent = parentId == null ? "" : parentId;
        String search = q == null ? "" : q;
        int offset = offset(Paging.parts(cursor, kind.collection(), 3), parent, search);
        List<Bson> filters = new ArrayList<>();
        filters.add(ne(CatalogSchema.CHANGE_DELETED, true));
        if (parentId != null && !parentId.isBlank()) {
            if (kind.parentField() == null) {
                throw new ApiException(
                        org.springframework.http.HttpStatus.BAD_REQUEST,
                        "Brands have no parent; remove parentId.",
                        List.of(new ApiException.FieldError("parentId", "is not allowed for brands")));
            }
            filters.add(eq(kind.parentField(), parentId));
        }
        if (q != null && !q.isBlank()) {
            if (q.indexOf('\u0000') >= 0) {
                // a BSON regex is a C string: a NUL cannot be sent and used to fail with 500
                throw new ApiException(
                        org.springframework.http.HttpStatus.BAD_REQUEST,
                        "The search text contains a NUL " + "character; remove it.",
                        List.of(new ApiException.FieldError("q", "must not contain NUL characters")));
            }
            // quoted: the search text is never a regular expression (or an operator)
            filters.add(regex(CatalogSchema.NAME, Pattern.quote(q.strip()), "i"));
        }
        Bson filter = and(filters);
        var collection = db.getCollection(kind.collection());
        long total = collection.countDocuments(filter);
        List<CatalogDocument> items = new ArrayList<>();
        try (var it = collection
                .find(filter)
                .sort(Sorts.ascending(CatalogSchema.POSITION, CatalogSchema.NAME, MongoFields.ID))
                .skip(offset)
                .limit(limit)
                .iterator()) {
            it.forEachRemaining(d -> items.add(ItemViews.view(d)));
        }
        int end = offset + items.size();
        String next = end < total && !items.isEmpty()
                ? Paging.cursor(kind.collection(), parent, search, Integer.toString(end))
                : null;
        return new Page<>(items, next, total);
    }

    /** The cursor is tagged with the kind; parentId and q must be the ones it was issued for. */
    private static int offset(List<String> cursor, String parent, String search) {
        if (cursor == null) {
            return 0;
        }
        if (cursor.get(0).equals(parent) && cursor.get(1).equals(search)) {
            try {
                int offset = Integer.parseInt(cursor.get(2));
                if (offset >= 0) {
                    return offset;
                }
            } catch (NumberFormatException e) {
                // refused below like any other foreign cursor
            }
        }
        throw Paging.notIssued();
    }

    public CatalogDocument get(Kind kind, String id) {
        return ItemViews.view(require(kind, id));
    }

    /** The live document, or 404. */
    public Document require(Kind kind, String id) {
        Document doc = find(kind, id);
        if (doc == null) {
            throw ApiException.notFound("No " + kind.noun() + " with id '" + id + "'.");
        }
        return doc;
    }

    /** The live document, or null (also for a document under a delete marker). */
    public Document find(Kind kind, String id) {
        Document doc = db.getCollection(kind.collection())
                .find(CatalogDocuments.byId(id))
                .first();
        return doc == null || CatalogDocuments.isDeleteMarker(doc) ? null : doc;
    }

    public boolean exists(Kind kind, String id) {
        return find(kind, id) != null;
    }

    /** Live children of a brand (its models) or a model (its engines). */
    public List<Document> children(Kind kind, String id) {
        Kind child = kind.child();
        if (child == null) {
            return List.of();
        }
        List<Document> result = new ArrayList<>();
        try (var cursor = db.getCollection(child.collection())
                .find(and(eq(child.parentField(), id), ne(CatalogSchema.CHANGE_DELETED, true)))
                .iterator()) {
            cursor.forEachRemaining(result::add);
        }
        return result;
    }

    /** One past the highest position among the siblings under {@code parentId}, reserved. */
    public int nextPosition(Kind kind, String parentId) {
        return siblings.next(kind.collection(), parentId);
    }
}
