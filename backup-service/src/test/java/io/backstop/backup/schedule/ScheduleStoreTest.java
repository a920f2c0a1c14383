package io.backstop.backup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.backstop.backup.schedule.ScheduleStore.Entry;
import io.backstop.infra.EmbeddedMongo;
import io.backstop.support.ApiException;
import io.backstop.support.MutableClock;
import io.backstop.support.StaleVersionException;

class ScheduleStoreTest {

    private EmbeddedMongo mongo;
    private MongoClient client;
    private ScheduleStore store;
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void open() {
        mongo = EmbeddedMongo.inMemory();
        client = MongoClients.create(mongo.connectionString());
        store = new ScheduleStore(client.getDatabase("backup"), clock);
    }

    @AfterEach
    void close() {
        client.close();
        mongo.close();
    }

    @Test
    void concurrentEditsOfTheSameVersionLetExactlyOneWin() throws Exception {
        ScheduleStore.Schedule s = store.create(new Entry("0 0 1 * * *", "nightly"), "admin");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<ScheduleStore.Schedule>> work = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                int n = i;
                Callable<ScheduleStore.Schedule> edit =
                        () -> store.update(s.id(), 1, new Entry("0 0 " + n + " * * *", "by " + n), "admin " + n);
                work.add(threads.submit(edit));
            }
            int won = 0;
            int refused = 0;
            for (Future<ScheduleStore.Schedule> f : work) {
                try {
                    assertThat(f.get().version()).isEqualTo(2);
                    won++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause())
                            .isInstanceOf(StaleVersionException.class)
                            .hasMessageContaining("is at version 2, not 1");
                    refused++;
                }
            }
            assertThat(won).isEqualTo(1);
            assertThat(refused).isEqualTo(7);
        } finally {
            threads.shutdown();
        }
        assertThat(store.find(s.id()).version()).isEqualTo(2);
    }

    @Test
    void idsStayWhatTheyWereWhenOtherSchedulesComeAndGo() {
        ScheduleStore.Schedule a = store.create(new Entry("0 0 1 * * *", "a"), "admin");
        ScheduleStore.Schedule b = store.create(new Entry("0 0 2 * * *", "b"), "admin");
        assertThat(store.delete(a.id(), 1)).isTrue();
        store.create(new Entry("0 0 3 * * *", "c"), "admin");

        assertThat(store.find(a.id())).isNull();
        assertThat(store.find(b.id())).isEqualTo(b);
        assertThat(store.list()).extracting(ScheduleStore.Schedule::description).containsExactly("b", "c");
    }

    @Test
    void aStaleDeleteIsRefusedAndDeletesNothing() {
        ScheduleStore.Schedule s = store.create(new Entry("0 0 1 * * *", "a"), "admin");
        store.update(s.id(), 1, new Entry("0 0 1 * * *", "a, renamed"), "other admin");

        assertThatThrownBy(() -> store.delete(s.id(), 1))
                .isInstanceOf(StaleVersionException.class)
                .satisfies(e ->
                        assertThat(((StaleVersionException) e).currentVersion()).isEqualTo(2));
        assertThat(store.find(s.id()).description()).isEqualTo("a, renamed");
        assertThat(store.delete("sch-nothing", 1)).isFalse();
        assertThat(store.update("sch-nothing", 1, new Entry("0 0 1 * * *", null), "admin"))
                .isNull();
    }

    @Test
    void aStaleEditIsTheSameConflictProblemAsACatalogWriteNamingTheCurrentVersion() {
        ScheduleStore.Schedule s = store.create(new Entry("0 0 1 * * *", "a"), "admin");
        store.update(s.id(), 1, new Entry("0 0 1 * * *", "b"), "other admin");

        assertThatThrownBy(() -> store.update(s.id(), 1, new Entry("0 0 1 * * *", "c"), "admin"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
                    assertThat(e.properties()).containsEntry(StaleVersionException.CURRENT_VERSION, 2L);
                    assertThat(e.getMessage()).contains("Reload it (GET /api/backups/schedules/" + s.id() + ")");
                });
    }

    @Test
    void firingKeepsTheVersionSoItDoesNotTurnAnEditIntoAConflict() {
        ScheduleStore.Schedule s = store.create(new Entry("0 0 1 * * *", "a"), "admin");
        assertThat(store.claim(s, Instant.parse("2026-11-26T01:00:00Z"))).isTrue();

        ScheduleStore.Schedule edited = store.update(s.id(), 1, new Entry("0 0 1 * * *", "a, renamed"), "admin");

        assertThat(edited.version()).isEqualTo(2);
        assertThat(edited.lastFiredAt()).isEqualTo(Instant.parse("2026-11-26T01:00:00Z"));
        assertThat(edited.cronSince()).isEqualTo(s.cronSince());
    }

    @Test
    void aNewCronCountsFromWhenItWasSet() {
        ScheduleStore.Schedule s = store.create(new Entry("0 0 1 * * *", "a"), "admin");
        clock.advance(Duration.ofMillis(5));
        ScheduleStore.Schedule edited = store.update(s.id(), 1, new Entry("0 0 2 * * *", "a"), "admin");
        assertThat(edited.cronSince()).isAfter(s.cronSince());
        assertThat(edited.createdAt()).isEqualTo(s.createdAt());
    }

    @Test
    void schedulesStoredBeforeVersionsExistedAreAtVersionOneWithTheirIds() {
        var collection = client.getDatabase("backup").getCollection("schedules");
        collection.insertOne(new Document("_id", "schedule-1")
                .append("cron", "0 0 1 * * *")
                .append("createdAt", new java.util.Date()));

        ScheduleStore reopened = new ScheduleStore(client.getDatabase("backup"), clock);

        assertThat(reopened.find("schedule-1").version()).isEqualTo(1);
        assertThat(reopened.update("schedule-1", 1, new Entry("0 0 2 * * *", null), "admin")
                        .version())
                .isEqualTo(2);
    }

    @Test
    void seedingTwiceAddsEachConfiguredScheduleOnce() {
        List<Entry> configured = List.of(new Entry("0 0 1 * * *", "a"), new Entry("0 0 2 * * *", "b"));
        store.seed(configured, "configuration");
        store.seed(configured, "configuration");
        assertThat(store.list()).hasSize(2);
    }
}
