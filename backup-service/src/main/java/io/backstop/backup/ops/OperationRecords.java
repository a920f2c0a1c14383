package io.backstop.backup.ops;

import static io.backstop.contracts.MongoFields.ID;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import io.backstop.backup.KeysetPages;
import io.backstop.contracts.OperationKind;
import io.backstop.contracts.Page;

/**
 * {@code backup.operations}: one record per operation (backup, restore, pitr, cleanup under the lease; verification
 * without it), the history the lease itself does not keep. Every status write of a leased operation is fenced: its
 * filter carries the token the writer's lease was acquired with, and a takeover re-stamps the record with the new
 * token, so a zombie's late write matches nothing.
 */
public final class OperationRecords {

    static final String COLLECTION = "operations";
    static final String KIND = "kind";
    static final String STATUS = "status";
    static final String REASON = "reason";
    static final String STARTED_BY = "startedBy";
    static final String STARTED_AT = "startedAt";
    static final String FINISHED_AT = "finishedAt";
    static final String PERCENT = "percent";
    static final String MESSAGE = "message";
    static final String ERROR = "error";
    static final String FENCE = "fence";
    static final String DETAILS = "details";
    /** Keys of {@link #DETAILS}, as the operations write them. */
    static final String RETENTION = "retention";

    static final String DELETED = "deleted";

    /** A verification holds no lease, so nothing can take its record over: it is written with this fence. */
    public static final long UNFENCED = 0;

    private final MongoCollection<Document> operations;
    private final Clock clock;

    public OperationRecords(MongoDatabase backupDb, Clock clock) {
        this.operations = backupDb.getCollection(COLLECTION);
        this.clock = clock;
        operations.createIndex(Indexes.ascending(STATUS));
        operations.createIndex(Indexes.descending(STARTED_AT));
        operations.createIndex(Indexes.ascending(KIND));
    }

    public void started(String operationId, OperationKind kind, String reason, String startedBy, long fence) {
        operations.insertOne(new Document(ID, operationId)
                .append(KIND, kind.value())
                .append(STATUS, OperationStatus.RUNNING.value())
                .append(REASON, reason)
                .append(STARTED_BY, startedBy)
                .append(STARTED_AT, Date.from(clock.instant()))
                .append(PERCENT, 0)
                .append(FENCE, fence));
    }

    public boolean progress(String operationId, long fence, int percent, String message) {
        return operations
                        .updateOne(
                                Filters.and(
                                        Filters.eq(ID, operationId),
                                        Filters.eq(FENCE, fence),
                                        Filters.eq(STATUS, OperationStatus.RUNNING.value())),
                                Updates.combine(Updates.set(PERCENT, percent), Updates.set(MESSAGE, message)))
                        .getMatchedCount()
                == 1;
    }

    public boolean finished(String operationId, long fence, OperationStatus status, String error, Document details) {
        return operations
                        .updateOne(
                                Filters.and(
                                        Filters.eq(ID, operationId),
                                        Filters.eq(FENCE, fence),
                                        Filters.eq(STATUS, OperationStatus.RUNNING.value())),
                                Updates.combine(
                                        Updates.set(STATUS, status.value()),
                                        Updates.set(FINISHED_AT, Date.from(clock.instant())),
                                        Updates.set(PERCENT, 100),
                                        Updates.set(ERROR, error),
                                        Updates.set(DETAILS, details)))
                        .getMatchedCount()
                == 1;
    }

    /** Fails a record whose holder is gone, and takes it over with {@code newFence} so the old holder cannot revive it. */
    public boolean failOrphan(String operationId, long newFence, String reason) {
        return operations
                        .updateOne(
                                Filters.and(
                                        Filters.eq(ID, operationId),
                                        Filters.eq(STATUS, OperationStatus.RUNNING.value())),
                                Updates.combine(
                                        Updates.set(STATUS, OperationStatus.FAILED.value()),
                                        Updates.set(FINISHED_AT, Date.from(clock.instant())),
                                        Updates.set(ERROR, reason),
                                        Updates.set(FENCE, newFence)))
                        .getMatchedCount()
                == 1;
    }

    /** Leased operations still marked running (a verification runs in its request and never outlives it). */
    public List<String> runningIds() {
        List<String> ids = new ArrayList<>();
        try (MongoCursor<Document> cursor = operations
                .find(Filters.and(
                        Filters.eq(STATUS, OperationStatus.RUNNING.value()),
                        Filters.ne(KIND, OperationKind.VERIFY.value())))
                .projection(new Document(ID, 1))
                .iterator()) {
            cursor.forEachRemaining(d -> ids.add(d.getString(ID)));
        }
        return ids;
    }

    /** Newest first; {@code kind} and {@code status} null for all. */
    public Page<OperationView> list(OperationKind kind, OperationStatus status, Integer limit, String cursor) {
        List<Bson> filters = new ArrayList<>();
        if (kind != null) {
            filters.add(Filters.eq(KIND, kind.value()));
        }
        if (status != null) {
            filters.add(Filters.eq(STATUS, status.value()));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        return KeysetPages.page(
                operations,
                "operations",
                filter,
                STARTED_AT,
                KeysetPages.Order.NEWEST_FIRST,
                limit,
                cursor,
                OperationRecords::view);
    }

    /** Operations that deleted backups, newest first: cleanups, and backups whose retention run deleted some. */
    public Page<OperationView> deletions(Integer limit, String cursor) {
        return KeysetPages.page(
                operations,
                "cleanups",
                Filters.or(Filters.eq(KIND, OperationKind.CLEANUP.value()), Filters.exists(DETAILS + "." + RETENTION)),
                STARTED_AT,
                KeysetPages.Order.NEWEST_FIRST,
                limit,
                cursor,
                OperationRecords::view);
    }

    public OperationView find(String operationId) {
        Document d = operations.find(Filters.eq(ID, operationId)).first();
        return d == null ? null : view(d);
    }

    private static OperationView view(Document d) {
        Instant startedAt = instant(d.getDate(STARTED_AT));
        Instant finishedAt = instant(d.getDate(FINISHED_AT));
        return new OperationView(
                d.getString(ID),
                OperationKind.of(d.getString(KIND)),
                OperationStatus.of(d.getString(STATUS)),
                d.getString(REASON),
                d.getString(STARTED_BY),
                startedAt,
                finishedAt,
                startedAt == null || finishedAt == null ? null : finishedAt.toEpochMilli() - startedAt.toEpochMilli(),
                d.get(PERCENT) instanceof Number n ? n.intValue() : 0,
                d.getString(MESSAGE),
                d.getString(ERROR),
                outcome(d.get(DETAILS, Document.class)));
    }

    /** The details each kind of operation stores, read into the one typed outcome. */
    private static OperationView.Outcome outcome(Document details) {
        if (details == null || details.isEmpty()) {
            return null;
        }
        Document retention = details.get(RETENTION, Document.class);
        Document deletions = retention != null ? retention : details;
        List<String> deleted = deletions.containsKey(DELETED) ? deletions.getList(DELETED, String.class) : null;
        Map<String, OperationView.CollectionCounts> collections =
                collections(details.get("collections", Document.class));
        Long documentsChanged = collections == null
                ? null
                : collections.values().stream()
                        .mapToLong(OperationView.CollectionCounts::total)
                        .sum();
        String at = details.getString("at");
        String warning = retention != null && retention.getString(ERROR) != null
                ? "the retention run after this backup stopped: " + retention.getString(ERROR)
                : null;
        return new OperationView.Outcome(
                details.getString("backupId"),
                details.getString("baseBackupId"),
                at == null ? null : Instant.parse(at),
                details.getString("preRestoreBackupId"),
                documentsChanged,
                collections,
                deleted,
                deletions.getString("trigger"),
                number(details.get("documents")),
                details.containsKey("problems") ? details.getList("problems", String.class) : null,
                details.getString("reconcile"),
                warning);
    }

    private static Map<String, OperationView.CollectionCounts> collections(Document stored) {
        if (stored == null) {
            return null;
        }
        Map<String, OperationView.CollectionCounts> counts = new LinkedHashMap<>();
        stored.forEach((name, value) -> {
            Document c = (Document) value;
            counts.put(
                    name,
                    new OperationView.CollectionCounts(
                            count(c, "created"), count(c, "updated"), count(c, "deleted"), count(c, "unchanged")));
        });
        return counts;
    }

    private static long count(Document d, String key) {
        Long n = number(d.get(key));
        return n == null ? 0 : n;
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
