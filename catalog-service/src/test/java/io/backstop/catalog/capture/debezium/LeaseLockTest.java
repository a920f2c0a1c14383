package io.backstop.catalog.capture.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.backstop.infra.EmbeddedMongo;
import io.backstop.support.MutableClock;

/** The capture's use of the shared lease on a real mongo-java-server, with a clock the test moves. */
class LeaseLockTest {

    private EmbeddedMongo mongo;
    private MongoClient client;
    private MongoDatabase db;
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void open() {
        mongo = EmbeddedMongo.inMemory();
        client = MongoClients.create(mongo.connectionString());
        db = client.getDatabase("catalog");
    }

    @AfterEach
    void close() {
        client.close();
        mongo.close();
    }

    private LeaseLock lease(String owner) {
        return new LeaseLock(db, "engine", owner, "run", Duration.ofSeconds(30), clock);
    }

    @Test
    void onlyOneOfTwoReplicasHoldsTheLease() {
        assertThat(lease("a").tryAcquire()).isTrue();
        assertThat(lease("b").tryAcquire()).isFalse();
        assertThat(lease("a").tryAcquire()).as("re-entrant for the holder").isTrue();
    }

    @Test
    void renewedLeaseIsNotTakenOver() {
        LeaseLock a = lease("a");
        a.tryAcquire();
        clock.advance(Duration.ofSeconds(25));
        assertThat(a.renew()).isTrue();
        clock.advance(Duration.ofSeconds(25));

        assertThat(lease("b").tryAcquire()).isFalse();
    }

    @Test
    void staleLeaseIsTakenOverAndTheOldHolderLearnsItOnRenew() {
        LeaseLock a = lease("a");
        a.tryAcquire();
        clock.advance(Duration.ofSeconds(31));

        assertThat(lease("b").tryAcquire()).isTrue();
        assertThat(a.renew()).isFalse();
    }

    @Test
    void expiredLeaseIsNotRenewedEvenBeforeAnotherReplicaTakesIt() {
        // another replica may already be starting its engine on the expired lease: renewing would run two
        LeaseLock a = lease("a");
        a.tryAcquire();
        clock.advance(Duration.ofSeconds(31));

        assertThat(a.renew()).isFalse();
        assertThat(a.tryAcquire())
                .as("free again, so the holder may take it anew")
                .isTrue();
    }

    @Test
    void releasedLeaseIsFreeAtOnce() {
        LeaseLock a = lease("a");
        a.tryAcquire();
        a.release();

        assertThat(lease("b").tryAcquire()).isTrue();
    }
}
