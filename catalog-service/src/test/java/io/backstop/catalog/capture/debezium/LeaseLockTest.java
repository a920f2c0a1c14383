package io.backstop.catalog.capture.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.backstop.infra.EmbeddedMongo;

/** The lease on a real mongo-java-server, with a clock the test moves. */
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
        return new LeaseLock(db, "engine", owner, Duration.ofSeconds(30), clock);
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
    void releasedLeaseIsFreeAtOnce() {
        LeaseLock a = lease("a");
        a.tryAcquire();
        a.release();

        assertThat(lease("b").tryAcquire()).isTrue();
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-26T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
