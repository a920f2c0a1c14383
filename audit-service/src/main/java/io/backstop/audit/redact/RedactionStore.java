package io.backstop.audit.redact;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;

import io.backstop.audit.AuditProperties;

/** {@code audit.audit_redactions}: the record of every redaction, one per entry and path. */
@Component
class RedactionStore {

    static final String COLLECTION_NAME = "audit_redactions";
    static final String ID = "_id";
    static final String ENTRY_ID = "entryId";
    static final String PATH = "path";
    static final String REASON = "reason";
    static final String CREATED_AT = "createdAt";
    static final String CREATED_BY = "createdBy";

    private final MongoCollection<Document> redactions;

    RedactionStore(MongoClient client, AuditProperties properties) {
        this.redactions = client.getDatabase(properties.database()).getCollection(COLLECTION_NAME);
    }

    static String idOf(String entryId, String path) {
        return entryId + "/" + path;
    }

    Optional<Redaction> find(String id) {
        return Optional.ofNullable(redactions.find(Filters.eq(ID, id)).first()).map(RedactionStore::fromDocument);
    }

    /** Writes the record; the same entry and path again (a retry) overwrites it. */
    void save(Redaction r) {
        redactions.replaceOne(
                Filters.eq(ID, r.id()),
                new Document(ID, r.id())
                        .append(ENTRY_ID, r.entryId())
                        .append(PATH, r.path())
                        .append(REASON, r.reason())
                        .append(CREATED_AT, Date.from(r.createdAt()))
                        .append(CREATED_BY, r.createdBy()),
                new ReplaceOptions().upsert(true));
    }

    /** Up to {@code limit} records after {@code afterId} (null: from the first), in id order. */
    List<Redaction> page(String afterId, int limit) {
        List<Redaction> out = new ArrayList<>();
        try (MongoCursor<Document> cursor = redactions
                .find(afterId == null ? new Document() : Filters.gt(ID, afterId))
                .sort(Sorts.ascending(ID))
                .limit(limit)
                .iterator()) {
            cursor.forEachRemaining(d -> out.add(fromDocument(d)));
        }
        return out;
    }

    long count() {
        return redactions.countDocuments();
    }

    private static Redaction fromDocument(Document d) {
        return new Redaction(
                d.getString(ID),
                d.getString(ENTRY_ID),
                d.getString(PATH),
                d.getString(REASON),
                d.getDate(CREATED_AT).toInstant(),
                d.getString(CREATED_BY));
    }
}
