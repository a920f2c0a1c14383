package io.backstop.support.lease;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.backstop.infra.EmbeddedMongo;
import io.backstop.support.MutableClock;

/** The lease contract against mongo-java-server, the embedded default's MongoDB. */
class MongoLeaseStoreIT extends LeaseStoreContract {

    private static EmbeddedMongo mongo;
    private static MongoClient client;
    private static MongoClient otherClient;

    @BeforeAll
    static void start() {
        mongo = EmbeddedMongo.inMemory();
        client = MongoClients.create(mongo.connectionString());
        otherClient = MongoClients.create(mongo.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        otherClient.close();
        mongo.close();
    }

    @BeforeEach
    void empty() {
        client.getDatabase("backup").getCollection("locks").drop();
    }

    @Override
    protected LeaseStore newStore(MutableClock clock) {
        return new MongoLeaseStore(db(client).getCollection("locks"), "contract-lease", clock);
    }

    @Override
    protected LeaseStore otherReplica(MutableClock clock) {
        return new MongoLeaseStore(db(otherClient).getCollection("locks"), "contract-lease", clock);
    }

    private static MongoDatabase db(MongoClient c) {
        return c.getDatabase("backup");
    }
}
