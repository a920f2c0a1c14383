package io.backstop.backup.backup;

import static io.backstop.contracts.MongoFields.ID;

import java.time.Clock;
import java.time.Duration;
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
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.backstop.backup.KeysetPages;
import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.Manifest;
import io.backstop.backup.lock.TakeoverHandler;
import io.backstop.contracts.Page;

/**
 * {@code backup.full_backups}. Status writes of the backing-up operation are fenced by its lease token; a takeover
 * re-stamps a dead holder's running record with the new token and marks it failed, and removes its partial files.
 */
public final class BackupRecords implements TakeoverHandler {

    static final String COLLECTION = "full_backups";
    static final String STATUS = "status";
    static final String TYPE = "type";
    static final String DESCRIPTION = "description";
    static final String STARTED_BY = "startedBy";
    static final String STARTED_AT = "startedAt";
    static final String FINISHED_AT = "finishedAt";
    static final String DURATION_MS = "durationMs";
    static final String COMPRESSED = "compressedBytes";
    static final String UNCOMPRESSED = "uncompressedBytes";
    static final String COUNTS = "counts";
    static final String CHECKSUMS = "checksums";
    static final String PATH = "path";
    static final String SHA256 = "sha256";
    static final String POSITION_START = "positionAtStart";
    static final String POSITION_END = "positionAtEnd";
    static final String AT = "at";
    static final String COUNTERS = "counters";
    static final String PINNED = "pinned";
    static final String ERROR = "error";
    static final String OPERATION_ID = "operationId";
    static final String FENCE = "fence";
    static final String TOOL = "tool";
    static final String VERIFICATION = "lastVerification";
    static final String OK = "ok";
    static final String PROBLEMS = "problems";

    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    private final MongoCollection<Document> backups;
    private final BackupFiles files;
    private final Clock clock;
    private final java.util.function.Consumer<String> discardStored;

    public BackupRecords(MongoDatabase backupDb, BackupFiles files, Clock clock) {
        this(backupDb, files, clock, files::delete);
    }

    /** @param discardStored removes whatever an orphaned backup left in the backup storage */
    public BackupRecords(
            MongoDatabase backupDb, BackupFiles files, Clock clock, java.util.function.Consumer<String> discardStored) {
        this.discardStored = discardStored;
        this.backups = backupDb.getCollection(COLLECTION);
        this.files = files;
        this.clock = clock;
        backups.createIndex(Indexes.descending(STARTED_AT));
        backups.createIndex(Indexes.ascending(STATUS));
        backups.createIndex(Indexes.ascending(OPERATION_ID));
    }

    public void started(
            String id,
            BackupType type,
            String description,
            String startedBy,
            String operationId,
            long fence,
            Manifest.Position start) {
        backups.insertOne(new Document(ID, id)
                .append(STATUS, RUNNING)
                .append(TYPE, type.value())
                .append(DESCRIPTION, description)
                .append(STARTED_BY, startedBy)
                .append(STARTED_AT, Date.from(clock.instant()))
                .append(PINNED, false)
                .append(OPERATION_ID, operationId)
                .append(FENCE, fence)
                .append(POSITION_START, position(start)));
    }

    /** @return false when the record is no longer ours (taken over): the caller must not report success */
    public boolean completed(String id, long fence, Manifest manifest, Instant startedAt) {
        Instant now = clock.instant();
        return backups.updateOne(
                                running(id, fence),
                                Updates.combine(
                                        Updates.set(STATUS, COMPLETED),
                                        Updates.set(FINISHED_AT, Date.from(now)),
                                        Updates.set(
                                                DURATION_MS,
                                                Duration.between(startedAt, now).toMillis()),
                                        Updates.set(COMPRESSED, manifest.compressedBytes()),
                                        Updates.set(UNCOMPRESSED, manifest.uncompressedBytes()),
                                        Updates.set(COUNTS, counts(manifest)),
                                        Updates.set(CHECKSUMS, checksums(manifest)),
                                        Updates.set(TOOL, manifest.tool()),
                                        Updates.set(POSITION_END, position(manifest.positionAtEnd()))))
                        .getMatchedCount()
                == 1;
    }

    /**
     * A backup brought in from elsewhere, recorded only once its files are published, verified and stored: one
     * insert of a completed record, so neither retention nor the start-up reconciler can see it half-written.
     */
    public void imported(String id, String description, String by, Instant startedAt, Manifest manifest) {
        Instant now = clock.instant();
        backups.insertOne(new Document(ID, id)
                .append(STATUS, COMPLETED)
                .append(TYPE, BackupType.IMPORTED.value())
                .append(DESCRIPTION, description)
                .append(STARTED_BY, by)
                .append(STARTED_AT, Date.from(startedAt))
                .append(PINNED, false)
                .append(FINISHED_AT, Date.from(now))
                .append(DURATION_MS, Duration.between(startedAt, now).toMillis())
                .append(COMPRESSED, manifest.compressedBytes())
                .append(UNCOMPRESSED, manifest.uncompressedBytes())
                .append(COUNTS, counts(manifest))
                .append(CHECKSUMS, checksums(manifest))
                .append(TOOL, manifest.tool()));
    }

    public boolean failed(String id, long fence, String error) {
        Instant now = clock.instant();
        Document current = backups.find(Filters.eq(ID, id)).first();
        Date started = current == null ? null : current.getDate(STARTED_AT);
        return backups.updateOne(
                                running(id, fence),
                                Updates.combine(
                                        Updates.set(STATUS, FAILED),
                                        Updates.set(FINISHED_AT, Date.from(now)),
                                        Updates.set(
                                                DURATION_MS,
                                                started == null ? null : now.toEpochMilli() - started.getTime()),
                                        Updates.set(ERROR, error)))
                        .getMatchedCount()
                == 1;
    }

    @Override
    public void orphaned(String operationId, long newFence, String reason) {
        for (String id : ids(Filters.and(Filters.eq(OPERATION_ID, operationId), Filters.eq(STATUS, RUNNING)))) {
            backups.updateOne(
                    Filters.and(Filters.eq(ID, id), Filters.eq(STATUS, RUNNING)),
                    Updates.combine(
                            Updates.set(STATUS, FAILED),
                            Updates.set(FINISHED_AT, Date.from(clock.instant())),
                            Updates.set(ERROR, reason),
                            Updates.set(FENCE, newFence)));
            files.deletePartial(id);
            discardStored.accept(id);
        }
    }

    public void verified(String id, boolean ok, List<String> problems) {
        backups.updateOne(
                Filters.eq(ID, id),
                Updates.set(
                        VERIFICATION,
                        new Document(AT, Date.from(clock.instant()))
                                .append(OK, ok)
                                .append(PROBLEMS, problems)));
    }

    public boolean pin(String id, boolean pinned) {
        return backups.updateOne(Filters.eq(ID, id), Updates.set(PINNED, pinned))
                        .getMatchedCount()
                == 1;
    }

    public boolean remove(String id) {
        return backups.deleteOne(Filters.and(Filters.eq(ID, id), Filters.ne(STATUS, RUNNING)))
                        .getDeletedCount()
                == 1;
    }

    public BackupView find(String id) {
        Document doc = backups.find(Filters.eq(ID, id)).first();
        return doc == null ? null : view(doc);
    }

    /** Newest first, a page at a time: the API's list. */
    public Page<BackupView> page(String status, Integer limit, String cursor) {
        Bson filter = status == null ? new Document() : Filters.eq(STATUS, status);
        return KeysetPages.page(
                backups,
                "backups",
                filter,
                STARTED_AT,
                KeysetPages.Order.NEWEST_FIRST,
                limit,
                cursor,
                BackupRecords::view);
    }

    /** Newest first. */
    public List<BackupView> list(String status, int limit) {
        Bson filter = status == null ? new Document() : Filters.eq(STATUS, status);
        List<BackupView> views = new ArrayList<>();
        try (MongoCursor<Document> cursor = backups.find(filter)
                .sort(Sorts.descending(STARTED_AT))
                .limit(limit)
                .iterator()) {
            cursor.forEachRemaining(d -> views.add(view(d)));
        }
        return views;
    }

    public List<String> runningOperationIds() {
        List<String> ids = new ArrayList<>();
        try (MongoCursor<Document> cursor =
                backups.find(Filters.eq(STATUS, RUNNING)).iterator()) {
            cursor.forEachRemaining(d -> ids.add(d.getString(OPERATION_ID)));
        }
        return ids;
    }

    /**
     * The newest completed backup that started strictly before {@code at}, as the base of a point-in-time restore.
     * An imported backup is never one: the audit trail says nothing about how the catalog went from a dump made
     * elsewhere to its state at {@code at}.
     */
    public BackupView newestCompletedBefore(Instant at) {
        Document doc = backups.find(Filters.and(
                        Filters.eq(STATUS, COMPLETED),
                        Filters.lt(STARTED_AT, Date.from(at)),
                        Filters.ne(TYPE, BackupType.IMPORTED.value())))
                .sort(Sorts.descending(STARTED_AT))
                .first();
        return doc == null ? null : view(doc);
    }

    private List<String> ids(Bson filter) {
        List<String> ids = new ArrayList<>();
        try (MongoCursor<Document> cursor =
                backups.find(filter).projection(new Document(ID, 1)).iterator()) {
            cursor.forEachRemaining(d -> ids.add(d.getString(ID)));
        }
        return ids;
    }

    private static Document counts(Manifest manifest) {
        Document counts = new Document();
        manifest.collections().forEach(c -> counts.append(c.name(), c.documents()));
        return counts;
    }

    private static List<Document> checksums(Manifest manifest) {
        return manifest.files().stream()
                .map(f -> new Document(PATH, f.path()).append(SHA256, f.sha256()))
                .toList();
    }

    private static Bson running(String id, long fence) {
        return Filters.and(Filters.eq(ID, id), Filters.eq(FENCE, fence), Filters.eq(STATUS, RUNNING));
    }

    private static Document position(Manifest.Position position) {
        if (position == null) {
            return null;
        }
        // counter names hold dots; MongoDB field names should not, so store them as a list
        List<Document> counters = position.counters().entrySet().stream()
                .map(e -> new Document("name", e.getKey()).append("value", e.getValue()))
                .toList();
        return new Document(AT, Date.from(position.at())).append(COUNTERS, counters);
    }

    private static Manifest.Position position(Document doc) {
        if (doc == null) {
            return null;
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        for (Document c : doc.getList(COUNTERS, Document.class, List.of())) {
            counters.put(c.getString("name"), ((Number) c.get("value")).longValue());
        }
        return new Manifest.Position(doc.getDate(AT).toInstant(), counters);
    }

    private static BackupView view(Document d) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Document countDoc = d.get(COUNTS, Document.class);
        if (countDoc != null) {
            countDoc.forEach((k, v) -> counts.put(k, ((Number) v).longValue()));
        }
        Map<String, String> checksums = new LinkedHashMap<>();
        for (Document c : d.getList(CHECKSUMS, Document.class, List.of())) {
            checksums.put(c.getString(PATH), c.getString(SHA256));
        }
        Document verification = d.get(VERIFICATION, Document.class);
        return new BackupView(
                d.getString(ID),
                d.getString(STATUS),
                d.getString(TYPE),
                d.getString(DESCRIPTION),
                d.getString(STARTED_BY),
                instant(d.getDate(STARTED_AT)),
                instant(d.getDate(FINISHED_AT)),
                d.get(DURATION_MS) instanceof Number n ? n.longValue() : null,
                d.get(COMPRESSED) instanceof Number n ? n.longValue() : 0,
                d.get(UNCOMPRESSED) instanceof Number n ? n.longValue() : 0,
                counts,
                checksums,
                position(d.get(POSITION_START, Document.class)),
                position(d.get(POSITION_END, Document.class)),
                d.getBoolean(PINNED, false),
                d.getString(ERROR),
                d.getString(OPERATION_ID),
                d.getString(TOOL),
                verification == null
                        ? null
                        : new BackupView.Verification(
                                instant(verification.getDate(AT)),
                                verification.getBoolean(OK, false),
                                verification.getList(PROBLEMS, String.class, List.of())));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
