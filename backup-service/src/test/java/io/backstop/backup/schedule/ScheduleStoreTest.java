package io.backstop.backup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.backstop.backup.schedule.ScheduleStore.Entry;
import io.backstop.infra.EmbeddedMongo;

class ScheduleStoreTest {

    private EmbeddedMongo mongo;
    private MongoClient client;
    private ScheduleStore store;

    @BeforeEach
    void open() {
        mongo = EmbeddedMongo.inMemory();
        client = MongoClients.create(mongo.connectionString());
        store = new ScheduleStore(client.getDatabase("backup"), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        client.close();
        mongo.close();
    }

    @Test
    void concurrentReplacementsLeaveOneWholeListAndNeverFail() throws Exception {
        List<List<Entry>> lists = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            List<Entry> list = new ArrayList<>();
            for (int i = 0; i <= n % 4; i++) {
                list.add(new Entry("0 " + i + " " + n + " * * *", "list " + n));
            }
            lists.add(list);
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (List<Entry> list : lists) {
                    work.add(threads.submit(() -> store.replaceAll(list, "admin")));
                }
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        finally {
            threads.shutdown();
        }
        List<Entry> stored = store.list().stream().map(s -> new Entry(s.cron(), s.description())).toList();
        assertThat(lists).as("the stored schedules are one of the lists, whole").contains(stored);
    }

    @Test
    void aScheduleKeptWithTheSameCronKeepsItsLastFiringAndShorterListsDropTheRest() {
        store.replaceAll(List.of(new Entry("0 0 1 * * *", "a"), new Entry("0 0 2 * * *", "b")), "admin");
        ScheduleStore.Schedule first = store.list().get(0);
        assertThat(store.claim(first, java.time.Instant.parse("2026-11-26T01:00:00Z"))).isTrue();

        store.replaceAll(List.of(new Entry("0 0 1 * * *", "a, renamed")), "admin");

        assertThat(store.list()).singleElement().satisfies(s -> {
            assertThat(s.description()).isEqualTo("a, renamed");
            assertThat(s.lastFiredAt()).isEqualTo(java.time.Instant.parse("2026-11-26T01:00:00Z"));
        });
    }
}
