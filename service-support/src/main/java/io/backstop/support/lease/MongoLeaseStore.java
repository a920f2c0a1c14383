package io.backstop.support.lease;

import static io.backstop.support.lease.LeaseFields.*;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

/**
 * The ShedLock {@code MongoLockProvider} pattern: one conditional {@code findOneAndUpdate} with upsert. If the
 * lease exists and is live, the filter matches nothing, the upsert tries to insert a second document with the same
 * {@code _id} and the duplicate key error means "held by someone else". Never read-then-write. Expiry is compared
 * with our clock, never a TTL index (mongo-java-server has none). Every lease of the system is one of these: backup's
 * critical operations and the Debezium capture's single engine.
 */
public final class MongoLeaseStore implements LeaseStore {

    private final MongoCollection<Document> locks;
    private final String leaseId;
    private final Clock clock;

    /** The lease named {@code leaseId}, one document in {@code locks} (which may hold other documents too). */
    public MongoLeaseStore(MongoCollection<Document> locks, String leaseId, Clock clock) {
        this.locks = locks;
        this.leaseId = leaseId;
        this.clock = clock;
    }

    @Override
    public AcquireResult tryAcquire(LeaseRequest request, Duration ttl) {
        Instant now = clock.instant();
        Bson filter = Filters.and(
                Filters.eq(ID, leaseId),
                Filters.or(Filters.lte(EXPIRES_AT, Date.from(now)), Filters.eq(HOLDER, request.holder())));
        Bson update = Updates.combine(
                Updates.set(HOLDER, request.holder()),
                Updates.set(INSTANCE, request.instance()),
                Updates.set(OPERATION_ID, request.operationId()),
                Updates.set(KIND, request.kind()),
                Updates.set(STARTED_BY, request.startedBy()),
                Updates.set(STARTED_AT, Date.from(now)),
                Updates.set(HEARTBEAT_AT, Date.from(now)),
                Updates.set(EXPIRES_AT, Date.from(now.plus(ttl))),
                Updates.set(PERCENT, 0),
                Updates.set(MESSAGE, "started"),
                Updates.inc(TOKEN, 1L));
        Document before;
        try {
            // BEFORE: the previous state tells a takeover (a live operation that expired) from a free lease
            before = locks.findOneAndUpdate(
                    filter, update, new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return held();
            }
            throw e;
        } catch (MongoCommandException e) {
            if (ErrorCategory.fromErrorCode(e.getErrorCode()) == ErrorCategory.DUPLICATE_KEY) {
                return held();
            }
            throw e;
        }
        long token = before == null ? 1L : tokenOf(before) + 1L;
        Lease acquired = new Lease(
                request.holder(),
                request.instance(),
                token,
                request.operationId(),
                request.kind(),
                request.startedBy(),
                now,
                now,
                now.plus(ttl),
                0,
                "started");
        Lease previous = before == null ? null : toLease(before);
        boolean takeover = previous != null
                && previous.operationId() != null
                && !previous.holder().equals(request.holder());
        return new AcquireResult.Acquired(acquired, takeover ? previous : null);
    }

    private AcquireResult held() {
        // a concurrent release may have happened between the failed upsert and this read: report what is there
        return new AcquireResult.Held(current().orElse(null));
    }

    @Override
    public boolean renew(Lease lease, Duration ttl) {
        Instant now = clock.instant();
        return locks.updateOne(
                                fenced(lease, now),
                                Updates.combine(
                                        Updates.set(HEARTBEAT_AT, Date.from(now)),
                                        Updates.set(EXPIRES_AT, Date.from(now.plus(ttl)))))
                        .getMatchedCount()
                == 1;
    }

    @Override
    public boolean progress(Lease lease, int percent, String message) {
        return locks.updateOne(
                                fenced(lease, clock.instant()),
                                Updates.combine(Updates.set(PERCENT, percent), Updates.set(MESSAGE, message)))
                        .getMatchedCount()
                == 1;
    }

    @Override
    public boolean release(Lease lease) {
        Instant now = clock.instant();
        return locks.updateOne(
                                Filters.and(
                                        Filters.eq(ID, leaseId),
                                        Filters.eq(HOLDER, lease.holder()),
                                        Filters.eq(TOKEN, lease.token())),
                                Updates.combine(
                                        Updates.set(EXPIRES_AT, Date.from(now)),
                                        Updates.set(OPERATION_ID, null),
                                        Updates.set(PERCENT, 100),
                                        Updates.set(MESSAGE, "released")))
                        .getMatchedCount()
                == 1;
    }

    @Override
    public Optional<Lease> current() {
        return Optional.ofNullable(locks.find(Filters.eq(ID, leaseId)).first()).map(MongoLeaseStore::toLease);
    }

    /**
     * Holder, token and operation: a released lease keeps holder and token but not its operation, so a heartbeat
     * that read the clock before the release and reaches the server after it cannot bring the lease back to life.
     */
    private Bson fenced(Lease lease, Instant now) {
        return Filters.and(
                Filters.eq(ID, leaseId),
                Filters.eq(HOLDER, lease.holder()),
                Filters.eq(TOKEN, lease.token()),
                Filters.eq(OPERATION_ID, lease.operationId()),
                Filters.gt(EXPIRES_AT, Date.from(now)));
    }

    private static long tokenOf(Document doc) {
        Object token = doc.get(TOKEN);
        return token instanceof Number n ? n.longValue() : 0L;
    }

    private static Lease toLease(Document doc) {
        return new Lease(
                doc.getString(HOLDER),
                doc.getString(INSTANCE),
                tokenOf(doc),
                doc.getString(OPERATION_ID),
                doc.getString(KIND),
                doc.getString(STARTED_BY),
                instant(doc, STARTED_AT),
                instant(doc, HEARTBEAT_AT),
                instant(doc, EXPIRES_AT),
                doc.get(PERCENT) instanceof Number n ? n.intValue() : 0,
                doc.getString(MESSAGE));
    }

    private static Instant instant(Document doc, String field) {
        Date date = doc.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
