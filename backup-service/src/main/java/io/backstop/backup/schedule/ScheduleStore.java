package io.backstop.backup.schedule;

import static io.backstop.contracts.MongoFields.ID;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.types.ObjectId;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.backstop.backup.KeysetPages;
import io.backstop.contracts.Page;
import io.backstop.support.StaleVersionException;

/**
 * {@code backup.schedules}: one document per cron schedule, with a stable id, a version every edit raises, and the
 * time it last fired. Edits and deletes name the version they were made against, so two admins editing at once
 * cannot overwrite each other; firing does not raise the version, so a schedule that fires while someone edits it
 * does not turn their edit into a conflict.
 */
public final class ScheduleStore {

    static final String COLLECTION = "schedules";
    static final String CRON = "cron";
    static final String DESCRIPTION = "description";
    static final String CREATED_AT = "createdAt";
    static final String CREATED_BY = "createdBy";
    static final String CRON_SINCE = "cronSince";
    static final String LAST_FIRED_AT = "lastFiredAt";
    static final String UPDATED_BY = "updatedBy";
    static final String UPDATED_AT = "updatedAt";
    static final String VERSION = "version";

    private final MongoCollection<Document> schedules;
    private final Clock clock;

    public ScheduleStore(MongoDatabase backupDb, Clock clock) {
        this.schedules = backupDb.getCollection(COLLECTION);
        this.clock = clock;
        // schedules stored before they had versions are at version 1
        schedules.updateMany(Filters.exists(VERSION, false), Updates.set(VERSION, 1L));
    }

    /**
     * @param cronSince when the current cron was set: runs it would have had before that were never due
     */
    public record Schedule(
            String id,
            long version,
            String cron,
            String description,
            Instant createdAt,
            Instant cronSince,
            Instant lastFiredAt,
            String createdBy,
            String changedBy,
            Instant changedAt) {}

    public record Entry(String cron, String description) {}

    public boolean empty() {
        return schedules.countDocuments() == 0;
    }

    /** Oldest first, a page at a time: the API's list. */
    public Page<Schedule> page(Integer limit, String cursor) {
        return KeysetPages.page(
                schedules,
                "schedules",
                new Document(),
                CREATED_AT,
                KeysetPages.Order.OLDEST_FIRST,
                limit,
                cursor,
                ScheduleStore::schedule);
    }

    public List<Schedule> list() {
        List<Schedule> list = new ArrayList<>();
        try (MongoCursor<Document> cursor =
                schedules.find().sort(Sorts.ascending(CREATED_AT, ID)).iterator()) {
            cursor.forEachRemaining(d -> list.add(schedule(d)));
        }
        return list;
    }

    /** @return the schedule, or null if there is none with this id */
    public Schedule find(String id) {
        Document d = schedules.find(Filters.eq(ID, id)).first();
        return d == null ? null : schedule(d);
    }

    public Schedule create(Entry entry, String user) {
        return insert("sch-" + new ObjectId().toHexString(), entry, user);
    }

    /**
     * Seeds the configured schedules into an empty store. Their ids are fixed, so replicas starting together insert
     * each once instead of each adding a copy.
     */
    public void seed(List<Entry> entries, String user) {
        for (int i = 0; i < entries.size(); i++) {
            try {
                insert("config-" + (i + 1), entries.get(i), user);
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        }
    }

    private Schedule insert(String id, Entry entry, String user) {
        Date now = Date.from(clock.instant());
        Document doc = new Document(ID, id)
                .append(VERSION, 1L)
                .append(CRON, entry.cron())
                .append(DESCRIPTION, entry.description())
                .append(CREATED_AT, now)
                .append(CRON_SINCE, now)
                .append(LAST_FIRED_AT, null)
                .append(CREATED_BY, user)
                .append(UPDATED_BY, user)
                .append(UPDATED_AT, now);
        schedules.insertOne(doc);
        return schedule(doc);
    }

    /**
     * Replaces cron and description if the schedule is still at {@code expectedVersion}. A new cron starts afresh
     * ({@code cronSince}): it is due from now on, not for the runs it would have had before it was set.
     *
     * @return the schedule as stored, or null if there is none with this id
     * @throws StaleVersionException if it is at another version
     */
    public Schedule update(String id, long expectedVersion, Entry entry, String user) {
        Schedule current = find(id);
        if (current == null) {
            return null;
        }
        Date now = Date.from(clock.instant());
        List<org.bson.conversions.Bson> changes = new ArrayList<>(List.of(
                Updates.set(CRON, entry.cron()),
                Updates.set(DESCRIPTION, entry.description()),
                Updates.set(UPDATED_BY, user),
                Updates.set(UPDATED_AT, now),
                Updates.inc(VERSION, 1L)));
        if (!current.cron().equals(entry.cron())) {
            changes.add(Updates.set(CRON_SINCE, now));
        }
        // the cron is part of the filter: the fresh start above was decided for the cron read just now
        Document updated = schedules.findOneAndUpdate(
                Filters.and(Filters.eq(ID, id), Filters.eq(VERSION, expectedVersion), Filters.eq(CRON, current.cron())),
                Updates.combine(changes),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (updated == null) {
            throwIfStale(id, expectedVersion);
            return null;
        }
        return schedule(updated);
    }

    /**
     * @return false if there is no schedule with this id
     * @throws StaleVersionException if it is at another version
     */
    public boolean delete(String id, long expectedVersion) {
        if (schedules
                        .deleteOne(Filters.and(Filters.eq(ID, id), Filters.eq(VERSION, expectedVersion)))
                        .getDeletedCount()
                == 1) {
            return true;
        }
        throwIfStale(id, expectedVersion);
        return false;
    }

    /** After a conditional write matched nothing: either someone else's version is stored, or nothing is. */
    private void throwIfStale(String id, long expectedVersion) {
        Schedule now = find(id);
        if (now != null) {
            throw StaleVersionException.reload(
                    "Schedule " + id, "/api/backups/schedules/" + id, expectedVersion, now.version());
        }
    }

    /** Claims one firing: only the replica whose conditional update matches fires it. */
    public boolean claim(Schedule schedule, Instant firedAt) {
        return schedules
                        .updateOne(
                                Filters.and(
                                        Filters.eq(ID, schedule.id()),
                                        Filters.eq(CRON, schedule.cron()),
                                        Filters.eq(
                                                LAST_FIRED_AT,
                                                schedule.lastFiredAt() == null
                                                        ? null
                                                        : Date.from(schedule.lastFiredAt()))),
                                Updates.set(LAST_FIRED_AT, Date.from(firedAt)))
                        .getModifiedCount()
                == 1;
    }

    private static Schedule schedule(Document d) {
        Instant createdAt = instant(d.getDate(CREATED_AT));
        Instant cronSince = instant(d.getDate(CRON_SINCE));
        return new Schedule(
                d.getString(ID),
                d.get(VERSION) instanceof Number n ? n.longValue() : 1L,
                d.getString(CRON),
                d.getString(DESCRIPTION),
                createdAt,
                cronSince == null ? createdAt : cronSince,
                instant(d.getDate(LAST_FIRED_AT)),
                d.getString(CREATED_BY),
                d.getString(UPDATED_BY),
                instant(d.getDate(UPDATED_AT)));
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
