package io.backstop.catalog.capture.debezium;

import java.time.Clock;
import java.time.Duration;

import com.mongodb.client.MongoDatabase;

import io.backstop.outbox.OutboxFields;
import io.backstop.support.lease.AcquireResult;
import io.backstop.support.lease.Lease;
import io.backstop.support.lease.LeaseRequest;
import io.backstop.support.lease.LeaseStore;
import io.backstop.support.lease.MongoLeaseStore;

/**
 * At most one Debezium engine across replicas: service-support's lease, named {@code capture-lease:<engine>} in
 * {@code catalog.maintenance}. This replica keeps the same holder for its whole life, so it re-takes its own lease
 * after an engine restart; the fencing token of the last acquisition guards every renewal.
 */
final class LeaseLock {

    static final String ID_PREFIX = "capture-lease:";

    private final LeaseStore store;
    private final LeaseRequest request;
    private final Duration stale;
    private volatile Lease held;

    /** {@code run} tells this process's engine from an earlier one on the same {@code instance} (host and pid). */
    LeaseLock(MongoDatabase catalogDb, String name, String instance, String run, Duration stale, Clock clock) {
        this.store = new MongoLeaseStore(catalogDb.getCollection(OutboxFields.MAINTENANCE), ID_PREFIX + name, clock);
        this.request = new LeaseRequest(instance, run, "capture", "catalog-service");
        this.stale = stale;
    }

    /** Takes the lease if it is free, expired or already ours; true when we hold it afterwards. */
    boolean tryAcquire() {
        if (store.tryAcquire(request, stale) instanceof AcquireResult.Acquired acquired) {
            held = acquired.lease();
            return true;
        }
        return false;
    }

    /** Extends the lease only if we still hold it; false means it expired or another replica took it over. */
    boolean renew() {
        Lease lease = held;
        return lease != null && store.renew(lease, stale);
    }

    /** Lets another replica take over at once instead of after {@code stale}. */
    void release() {
        Lease lease = held;
        if (lease != null) {
            store.release(lease);
        }
    }

    String owner() {
        return request.holder();
    }
}
