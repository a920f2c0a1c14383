package io.backstop.audit.store;

import static io.backstop.audit.store.AuditFields.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;

import io.backstop.audit.AuditProperties;

/** {@code audit.audit_logs}: insert-only entries, with the indexes every query of the audit API uses. */
@Component
public class AuditStore {

    private final MongoCollection<Document> logs;

    public AuditStore(MongoClient client, AuditProperties properties) {
        this.logs = client.getDatabase(properties.database()).getCollection(COLLECTION_NAME);
        createIndexes();
    }

    private void createIndexes() {
        IndexOptions unique = new IndexOptions().unique(true);
        // idempotence: a change is stored once, and a document's versions have no duplicates
        logs.createIndex(Indexes.ascending(SOURCE_POSITION, COLLECTION, DOCUMENT_ID), unique.name("uniq_position"));
        logs.createIndex(Indexes.ascending(COLLECTION, DOCUMENT_ID, VERSION), new IndexOptions().unique(true).name("uniq_version"));
        // the list, the export and the internal changes feed: keyset on (changedAt, _id) under each filter
        logs.createIndex(Indexes.descending(CHANGED_AT, ID), new IndexOptions().name("by_time"));
        logs.createIndex(Indexes.compoundIndex(Indexes.ascending(COLLECTION), Indexes.descending(CHANGED_AT, ID)),
                new IndexOptions().name("by_collection_time"));
        logs.createIndex(Indexes.compoundIndex(Indexes.ascending(COLLECTION, DOCUMENT_ID), Indexes.descending(CHANGED_AT, ID)),
                new IndexOptions().name("by_document_time"));
        logs.createIndex(Indexes.compoundIndex(Indexes.ascending(ACTION), Indexes.descending(CHANGED_AT, ID)),
                new IndexOptions().name("by_action_time"));
        logs.createIndex(Indexes.compoundIndex(Indexes.ascending(CHANGED_BY), Indexes.descending(CHANGED_AT, ID)),
                new IndexOptions().name("by_user_time"));
        logs.createIndex(Indexes.compoundIndex(Indexes.ascending(CHANGED_FIELDS), Indexes.descending(CHANGED_AT, ID)),
                new IndexOptions().name("by_field_time"));
    }

    public MongoCollection<Document> collection() {
        return logs;
    }

    public Optional<AuditEntry> findByPosition(String collection, String documentId, String sourcePosition) {
        Document d = logs.find(Filters.and(Filters.eq(SOURCE_POSITION, sourcePosition), Filters.eq(COLLECTION, collection),
                Filters.eq(DOCUMENT_ID, documentId))).first();
        return Optional.ofNullable(d).map(AuditEntries::fromDocument);
    }

    public Optional<AuditEntry> latest(String collection, String documentId) {
        Document d = logs.find(ofDocument(collection, documentId)).sort(Sorts.descending(VERSION)).limit(1).first();
        return Optional.ofNullable(d).map(AuditEntries::fromDocument);
    }

    public Optional<AuditEntry> version(String collection, String documentId, long version) {
        Document d = logs.find(Filters.and(ofDocument(collection, documentId), Filters.eq(VERSION, version))).first();
        return Optional.ofNullable(d).map(AuditEntries::fromDocument);
    }

    /** The last entry at or before {@code at}: the state of the document at that instant. */
    public Optional<AuditEntry> asOf(String collection, String documentId, Instant at) {
        Document d = logs.find(Filters.and(ofDocument(collection, documentId), Filters.lte(CHANGED_AT, Date.from(at))))
                .sort(Sorts.descending(VERSION)).limit(1).first();
        return Optional.ofNullable(d).map(AuditEntries::fromDocument);
    }

    public List<AuditEntry> history(String collection, String documentId) {
        List<AuditEntry> out = new ArrayList<>();
        try (MongoCursor<Document> cursor = logs.find(ofDocument(collection, documentId)).sort(Sorts.ascending(VERSION)).iterator()) {
            cursor.forEachRemaining(d -> out.add(AuditEntries.fromDocument(d)));
        }
        return out;
    }

    /**
     * Inserts the entry; false when an entry with the same id, version or source position is already there
     * (a concurrent duplicate or a version clash, which the caller tells apart by looking again).
     */
    public boolean insert(AuditEntry entry) {
        try {
            logs.insertOne(AuditEntries.toDocument(entry));
            return true;
        }
        catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    private static Bson ofDocument(String collection, String documentId) {
        return Filters.and(Filters.eq(COLLECTION, collection), Filters.eq(DOCUMENT_ID, documentId));
    }
}
