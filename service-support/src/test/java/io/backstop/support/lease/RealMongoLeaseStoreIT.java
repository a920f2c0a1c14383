package io.backstop.support.lease;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.backstop.support.MutableClock;

/**
 * The same contract against a real MongoDB (replica set or standalone). There is none on these machines
 * (PLATFORM.md): it runs where {@code BACKSTOP_REAL_MONGO_URI} names one, and is reported as skipped elsewhere.
 */
@EnabledIfEnvironmentVariable(
        named = "BACKSTOP_REAL_MONGO_URI",
        matches = "mongodb.*",
        disabledReason = "no real MongoDB here: set BACKSTOP_REAL_MONGO_URI to run the lease contract against one")
class RealMongoLeaseStoreIT extends LeaseStoreContract {

    private static MongoClient client;
    private static MongoClient otherClient;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(System.getenv("BACKSTOP_REAL_MONGO_URI"));
        otherClient = MongoClients.create(System.getenv("BACKSTOP_REAL_MONGO_URI"));
    }

    @AfterAll
    static void disconnect() {
        client.close();
        otherClient.close();
    }

    @BeforeEach
    void empty() {
        client.getDatabase("backstop_lease_contract").getCollection("locks").drop();
    }

    @Override
    protected LeaseStore newStore(MutableClock clock) {
        return new MongoLeaseStore(
                client.getDatabase("backstop_lease_contract").getCollection("locks"), "contract-lease", clock);
    }

    @Override
    protected LeaseStore otherReplica(MutableClock clock) {
        return new MongoLeaseStore(
                otherClient.getDatabase("backstop_lease_contract").getCollection("locks"), "contract-lease", clock);
    }
}
