package io.backstop.backup.retention;

import static io.backstop.contracts.MongoFields.ID;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.backstop.backup.BackupProperties;
import io.backstop.support.StaleVersionException;

/**
 * {@code backup.settings}: the retention policy as an admin last set it, and when the daily cleanup last ran. Until
 * an admin sets one, the policy is the configured default at version 0; every change raises the version and must
 * name the version it was made against.
 */
public final class RetentionPolicyStore {

    static final String COLLECTION = "settings";
    static final String POLICY = "retention";
    static final String DAILY = "retention-daily";
    static final String KEEP_LAST = "keepLast";
    static final String MAX_AGE_DAYS = "maxAgeDays";
    static final String VERSION = "version";
    static final String UPDATED_BY = "updatedBy";
    static final String UPDATED_AT = "updatedAt";
    static final String LAST_RUN_AT = "lastRunAt";

    static final String RELOAD_FROM = "/api/backups/retention";

    private final MongoCollection<Document> settings;
    private final BackupProperties.Retention defaults;
    private final Clock clock;

    public RetentionPolicyStore(MongoDatabase backupDb, BackupProperties.Retention defaults, Clock clock) {
        this.settings = backupDb.getCollection(COLLECTION);
        this.defaults = defaults;
        this.clock = clock;
    }

    /**
     * @param maxAgeDays null: no age limit
     * @param changedBy  {@code configuration} while the default applies
     */
    public record Policy(int keepLast, Integer maxAgeDays, long version, String changedBy, Instant changedAt) {

        public Duration maxAge() {
            return maxAgeDays == null ? null : Duration.ofDays(maxAgeDays);
        }
    }

    public Policy current() {
        Document d = settings.find(Filters.eq(ID, POLICY)).first();
        if (d == null) {
            return new Policy(defaults.keepLast(), defaults.maxAgeDays(), 0, "configuration", null);
        }
        Date updatedAt = d.getDate(UPDATED_AT);
        return new Policy(
                d.getInteger(KEEP_LAST),
                d.getInteger(MAX_AGE_DAYS),
                d.getLong(VERSION),
                d.getString(UPDATED_BY),
                updatedAt == null ? null : updatedAt.toInstant());
    }

    /**
     * Replaces the whole policy if it is still at {@code expectedVersion} (0: the configured default, never set).
     *
     * @throws StaleVersionException if someone else set it meanwhile
     */
    public Policy replace(long expectedVersion, int keepLast, Integer maxAgeDays, String user) {
        Date now = Date.from(clock.instant());
        if (expectedVersion == 0) {
            try {
                settings.insertOne(new Document(ID, POLICY)
                        .append(KEEP_LAST, keepLast)
                        .append(MAX_AGE_DAYS, maxAgeDays)
                        .append(VERSION, 1L)
                        .append(UPDATED_BY, user)
                        .append(UPDATED_AT, now));
                return current();
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                throw stale(expectedVersion);
            }
        }
        Document updated = settings.findOneAndUpdate(
                Filters.and(Filters.eq(ID, POLICY), Filters.eq(VERSION, expectedVersion)),
                Updates.combine(
                        Updates.set(KEEP_LAST, keepLast),
                        Updates.set(MAX_AGE_DAYS, maxAgeDays),
                        Updates.set(UPDATED_BY, user),
                        Updates.set(UPDATED_AT, now),
                        Updates.inc(VERSION, 1L)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (updated == null) {
            throw stale(expectedVersion);
        }
        return current();
    }

    private StaleVersionException stale(long expectedVersion) {
        return StaleVersionException.reload(
                "The retention policy", RELOAD_FROM, expectedVersion, current().version());
    }

    /** True if the daily cleanup has not run for {@code every}; it is stored, so a restart does not reset it. */
    public boolean dailyRunDue(Duration every) {
        Document d = settings.find(Filters.eq(ID, DAILY)).first();
        Date last = d == null ? null : d.getDate(LAST_RUN_AT);
        return last == null || !last.toInstant().plus(every).isAfter(clock.instant());
    }

    public void dailyRunDone() {
        settings.updateOne(
                Filters.eq(ID, DAILY),
                Updates.set(LAST_RUN_AT, Date.from(clock.instant())),
                new UpdateOptions().upsert(true));
    }
}
