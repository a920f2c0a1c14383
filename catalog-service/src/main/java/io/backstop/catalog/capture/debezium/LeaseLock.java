package io.backstop.catalog.capture.debezium;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.backstop.outbox.OutboxFields;

/**
 * At most one holder across replicas: a document in {@code catalog.maintenance} that names its owner and an
 * expiry. Acquiring and renewing are one conditional {@code findOneAndUpdate} each (ShedLock's MongoDB
 * pattern): a free or expired lease matches the filter and is taken; a held one does not match, the upsert
 * collides on {@code _id} and the caller learns it is not the holder. Expiry is compared with our clock, never
 * a TTL index.
 */
final class LeaseLock {

    static final String OWNER = "owner";
    static final String EXPIRES_AT = "expiresAt";
    static final String RENEWED_AT = "renewedAt";

    private final MongoCollection<Document> leases;
    private final String id;
    private final String owner;
    private final Duration stale;
    private final Clock clock;

    LeaseLock(MongoDatabase catalogDb, String name, String owner, Duration stale, Clock clock) {
        this.leases = catalogDb.getCollection(OutboxFields.MAINTENANCE);
        this.id = "capture-lease:" + name;
        this.owner = owner;
        this.stale = stale;
        this.clock = clock;
    }

    /** Takes the lease if it is free, expired or already ours; true when we hold it afterwards. */
    boolean tryAcquire() {
        Date now = Date.from(clock.instant());
        try {
            Document lease = leases.findOneAndUpdate(
                    and(eq("_id", id), or(eq(OWNER, owner), lte(EXPIRES_AT, now))),
                    extend(now),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            return lease != null && owner.equals(lease.getString(OWNER));
        }
        catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
        catch (MongoCommandException e) {
            if (e.getErrorCode() == 11000) {
                return false;
            }
            throw e;
        }
    }

    /** Extends the lease only if we still hold it; false means another replica took it over. */
    boolean renew() {
        Date now = Date.from(clock.instant());
        return leases.findOneAndUpdate(and(eq("_id", id), eq(OWNER, owner)), extend(now),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)) != null;
    }

    /** Lets another replica take over at once instead of after {@code stale}. */
    void release() {
        leases.updateOne(and(eq("_id", id), eq(OWNER, owner)),
                Updates.set(EXPIRES_AT, Date.from(clock.instant())));
    }

    String owner() {
        return owner;
    }

    private org.bson.conversions.Bson extend(Date now) {
        return Updates.combine(Updates.set(OWNER, owner), Updates.set(RENEWED_AT, now),
                Updates.set(EXPIRES_AT, Date.from(now.toInstant().plus(stale))));
    }
}
