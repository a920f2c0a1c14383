package io.backstop.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.mongodb.client.MongoDatabase;

import io.backstop.contracts.Actions;
import io.backstop.contracts.ChangeEvent;

/**
 * The outbox's crash guarantee, whatever stops the writer: after a crash at any step boundary, recovery and
 * the relay publish exactly the changes the database shows: none lost, none invented, none twice. Subclasses
 * decide how the crash happens (an abandoned call in this JVM, or a real halted child JVM).
 */
abstract class OutboxCrashContract {

    /** Fresh, empty catalog database for one test. */
    protected abstract MongoDatabase open() throws Exception;

    /** Runs {@code scenario}'s write so that it stops right after {@code step}; returns the database after. */
    protected abstract MongoDatabase writeCrashingAt(Scenario scenario, Step step) throws Exception;

    static Stream<Arguments> crashPoints() {
        return Stream.of(Scenario.values()).flatMap(s -> s.steps.stream().map(step -> Arguments.of(s, step)));
    }

    @ParameterizedTest(name = "{0} stopped after {1}")
    @MethodSource("crashPoints")
    void recoveryAndRelayPublishExactlyTheChangesTheDatabaseShows(Scenario scenario, Step step) throws Exception {
        MongoDatabase db = open();
        PublishedLog log = new PublishedLog();
        scenario.prepare(new CatalogWriter(db));
        log.drain(db);
        int before = log.events(Scenario.ID).size();

        db = writeCrashingAt(scenario, step);
        // a clock a minute ahead makes every entry older than the grace period, as it is after a real restart
        new OutboxRecovery(db, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)))
                .recoverStale(Duration.ofSeconds(30));
        log.drain(db);

        log.assertAgreesWith(db, Scenario.COLLECTION);
        boolean happened = scenario.happenedIfCrashedAfter(step);
        assertThat(log.events(Scenario.ID)).hasSize(before + (happened ? 1 : 0));
        Document doc = db.getCollection(Scenario.COLLECTION)
                .find(new Document("_id", Scenario.ID))
                .first();
        boolean exists = doc != null;
        assertThat(exists)
                .isEqualTo(
                        scenario.effect == Scenario.Effect.DELETES
                                ? !happened
                                : happened || scenario.effect == Scenario.Effect.UPDATES);
        if (scenario.effect == Scenario.Effect.UPDATES) {
            assertThat(doc.getInteger("powerHp")).isEqualTo(happened ? 210 : 200);
        }

        // nothing is left stuck: the next write of the same document goes through and is captured
        CatalogWriter writer = new CatalogWriter(db);
        if (exists) {
            writer.replace(
                    Scenario.COLLECTION,
                    Scenario.ID,
                    CatalogDocuments.versionOf(doc),
                    Scenario.baseState().append("powerHp", 300),
                    Attribution.of(Actions.UPDATE, "carol"));
        } else {
            writer.create(
                    Scenario.COLLECTION, Scenario.ID, Scenario.baseState(), Attribution.of(Actions.CREATE, "carol"));
        }
        log.drain(db);
        log.assertAgreesWith(db, Scenario.COLLECTION);
        ChangeEvent last = log.events(Scenario.ID).get(log.events(Scenario.ID).size() - 1);
        assertThat(last.after()).contains("\"carol\"");
    }
}
