package io.backstop.backup.ops;

import static io.backstop.contracts.MongoFields.ID;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

/**
 * {@code backup.operations}: one record per critical operation (backup, restore, pitr, cleanup), the history the
 * lease itself does not keep. Every status write is fenced: its filter carries the token the writer's lease was
 * acquired with, and a takeover re-stamps the record with the new token, so a zombie's late write matches nothing.
 */
public final class OperationRecords {

    static final String COLLECTION = "operations";
    static final String KIND = "kind";
    static final String STATUS = "status";
    static final String STARTED_BY = "startedBy";
    static final String STARTED_AT = "startedAt";
    static final String FINISHED_AT = "finishedAt";
    static final String PERCENT = "percent";
    static final String MESSAGE = "message";
    static final String ERROR = "error";
    static final String FENCE = "fence";
    static final String DETAILS = "details";

    private final MongoCollection<Document> operations;
    private final Clock clock;

    public OperationRecords(MongoDatabase backupDb, Clock clock) {
        this.operations = backupDb.getCollection(COLLECTION);
        this.clock = clock;
        operations.createIndex(Indexes.ascending(STATUS));
        operations.createIndex(Indexes.descending(STARTED_AT));
    }

    public void started(String operationId, String kind, String startedBy, long fence) {
        operations.insertOne(new Document(ID, operationId).append(KIND, kind)
                .append(STATUS, OperationStatus.RUNNING.value()).append(STARTED_BY, startedBy)
                .append(STARTED_AT, Date.from(clock.instant())).append(PERCENT, 0).append(FENCE, fence));
    }

    public boolean progress(String operationId, long fence, int percent, String message) {
        return operations.updateOne(Filters.and(Filters.eq(ID, operationId), Filters.eq(FENCE, fence),
                        Filters.eq(STATUS, OperationStatus.RUNNING.value())),
                Updates.combine(Updates.set(PERCENT, percent), Updates.set(MESSAGE, message))).getMatchedCount() == 1;
    }

    public boolean finished(String operationId, long fence, OperationStatus status, String error, Document details) {
        return operations.updateOne(Filters.and(Filters.eq(ID, operationId), Filters.eq(FENCE, fence),
                        Filters.eq(STATUS, OperationStatus.RUNNING.value())),
                Updates.combine(Updates.set(STATUS, status.value()),
                        Updates.set(FINISHED_AT, Date.from(clock.instant())),
                        Updates.set(PERCENT, 100),
                        Updates.set(ERROR, error),
                        Updates.set(DETAILS, details))).getMatchedCount() == 1;
    }

    /** Fails a record whose holder is gone, and takes it over with {@code newFence} so the old holder cannot revive it. */
    public boolean failOrphan(String operationId, long newFence, String reason) {
        return operations.updateOne(Filters.and(Filters.eq(ID, operationId),
                        Filters.eq(STATUS, OperationStatus.RUNNING.value())),
                Updates.combine(Updates.set(STATUS, OperationStatus.FAILED.value()),
                        Updates.set(FINISHED_AT, Date.from(clock.instant())),
                        Updates.set(ERROR, reason),
                        Updates.set(FENCE, newFence))).getMatchedCount() == 1;
    }

    public List<String> runningIds() {
        List<String> ids = new ArrayList<>();
        try (MongoCursor<Document> cursor = operations.find(Filters.eq(STATUS, OperationStatus.RUNNING.value()))
                .projection(new Document(ID, 1)).iterator()) {
            cursor.forEachRemaining(d -> ids.add(d.getString(ID)));
        }
        return ids;
    }

    public List<OperationView> recent(int limit) {
        List<OperationView> views = new ArrayList<>();
        try (MongoCursor<Document> cursor = operations.find().sort(Sorts.descending(STARTED_AT)).limit(limit)
                .iterator()) {
            cursor.forEachRemaining(d -> views.add(view(d)));
        }
        return views;
    }

    /** Operations that deleted backups: cleanups, and backups whose retention run deleted some (details.retention). */
    public List<OperationView> deletions(int limit) {
        List<OperationView> views = new ArrayList<>();
        try (MongoCursor<Document> cursor = operations.find(Filters.or(Filters.eq(KIND, "cleanup"),
                        Filters.exists(DETAILS + ".retention"))).sort(Sorts.descending(STARTED_AT)).limit(limit)
                .iterator()) {
            cursor.forEachRemaining(d -> views.add(view(d)));
        }
        return views;
    }

    public OperationView find(String operationId) {
        Document d = operations.find(Filters.eq(ID, operationId)).first();
        return d == null ? null : view(d);
    }

    private static OperationView view(Document d) {
        return new OperationView(d.getString(ID), d.getString(KIND), d.getString(STATUS), d.getString(STARTED_BY),
                instant(d.getDate(STARTED_AT)), instant(d.getDate(FINISHED_AT)),
                d.get(PERCENT) instanceof Number n ? n.intValue() : 0, d.getString(MESSAGE), d.getString(ERROR),
                d.get(DETAILS, Document.class));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    public record OperationView(String id, String kind, String status, String startedBy, Instant startedAt,
                                Instant finishedAt, int percent, String message, String error, java.util.Map<String, Object> details) {
    }
}
