package io.backstop.backup.lock;

import java.time.Clock;

import com.mongodb.client.MongoDatabase;

import io.backstop.support.lease.LeaseStore;
import io.backstop.support.lease.MongoLeaseStore;

/** Where backup-service keeps its one lease for critical operations: {@code backup.locks}, {@code _id: "critical-ops"}. */
public final class BackupLease {

    static final String COLLECTION = "locks";
    static final String ID = "critical-ops";

    private BackupLease() {}

    public static LeaseStore store(MongoDatabase backupDb, Clock clock) {
        return new MongoLeaseStore(backupDb.getCollection(COLLECTION), ID, clock);
    }
}
