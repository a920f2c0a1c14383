package io.backstop.backup.schedule;

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
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

/** {@code backup.schedules}: one document per cron schedule, with the time it last fired. */
public final class ScheduleStore {

    static final String COLLECTION = "schedules";
    static final String ID = "_id";
    static final String CRON = "cron";
    static final String DESCRIPTION = "description";
    static final String CREATED_AT = "createdAt";
    static final String LAST_FIRED_AT = "lastFiredAt";
    static final String UPDATED_BY = "updatedBy";

    private final MongoCollection<Document> schedules;
    private final Clock clock;

    public ScheduleStore(MongoDatabase backupDb, Clock clock) {
        this.schedules = backupDb.getCollection(COLLECTION);
        this.clock = clock;
    }

    public record Schedule(String id, String cron, String description, Instant createdAt, Instant lastFiredAt,
                           String updatedBy) {
    }

    public record Entry(String cron, String description) {
    }

    public boolean empty() {
        return schedules.countDocuments() == 0;
    }

    public List<Schedule> list() {
        List<Schedule> list = new ArrayList<>();
        try (MongoCursor<Document> cursor = schedules.find().sort(Sorts.ascending(ID)).iterator()) {
            cursor.forEachRemaining(d -> list.add(new Schedule(d.getString(ID), d.getString(CRON),
                    d.getString(DESCRIPTION), instant(d.getDate(CREATED_AT)), instant(d.getDate(LAST_FIRED_AT)),
                    d.getString(UPDATED_BY))));
        }
        return list;
    }

    /**
     * Replaces every schedule. A schedule that exists with the same cron keeps its last firing time.
     *
     * <p>Each schedule is written in place, then those past the new list's end are removed, so the scheduler never
     * sees an empty list in between. Two replacements at once in this process run one after the other (they used
     * to interleave their delete and insert into a duplicate key); across replicas the last writer of each
     * schedule wins.
     */
    public synchronized void replaceAll(List<Entry> entries, String user) {
        List<Schedule> old = list();
        Date now = Date.from(clock.instant());
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            Schedule previous = old.stream().filter(s -> s.cron().equals(e.cron())).findFirst().orElse(null);
            docs.add(new Document(ID, "schedule-" + (i + 1)).append(CRON, e.cron()).append(DESCRIPTION, e.description())
                    .append(CREATED_AT, previous == null ? now : Date.from(previous.createdAt()))
                    .append(LAST_FIRED_AT, previous == null || previous.lastFiredAt() == null ? null
                            : Date.from(previous.lastFiredAt()))
                    .append(UPDATED_BY, user));
        }
        for (Document doc : docs) {
            schedules.replaceOne(Filters.eq(ID, doc.get(ID)), doc, new ReplaceOptions().upsert(true));
        }
        schedules.deleteMany(Filters.nin(ID, docs.stream().map(d -> d.get(ID)).toList()));
    }

    /** Claims one firing: only the replica whose conditional update matches fires it. */
    public boolean claim(Schedule schedule, Instant firedAt) {
        return schedules.updateOne(Filters.and(Filters.eq(ID, schedule.id()), Filters.eq(CRON, schedule.cron()),
                        Filters.eq(LAST_FIRED_AT, schedule.lastFiredAt() == null ? null : Date.from(schedule.lastFiredAt()))),
                Updates.set(LAST_FIRED_AT, Date.from(firedAt))).getModifiedCount() == 1;
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
