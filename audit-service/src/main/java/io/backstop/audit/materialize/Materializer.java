package io.backstop.audit.materialize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.AuditStore;
import io.backstop.audit.store.AuditStore.DocumentRef;
import io.backstop.audit.store.AuditStore.History;
import io.backstop.contracts.Actions;

/**
 * Stores captured changes as audit entries, then publishes them. No transactions: an entry's insert is its
 * commit point. A crash before it leaves nothing; after it, the redelivered record finds its entry by source
 * position (unique index) and only publishes it again. The consumer commits a poll's offsets only after
 * {@link #acceptAll} returned, so every entry of the poll is stored and acknowledged by then.
 *
 * <h2>A poll at a time</h2>
 * The entries of one poll are worked out together: one lookup finds what the trail already holds for every
 * document of the poll, the new entries are inserted with one ordered {@code insertMany} and published with one
 * wait for the broker. Per record, that was four round trips and a synchronous send and commit, which is what
 * bounded the materializer's rate. Entries of one document still follow the order of its records. A document
 * with a long history, a record delivered again, or a write that collides with a concurrent consumer's takes
 * the one-change path ({@link #materialize}), which looks everything up by itself.
 *
 * <h2>Changes nobody captured</h2>
 * A change whose {@code before} is not the state the trail ends in follows a write that no capture saw (in outbox
 * mode, any write that bypassed the API). An {@code external} entry for that difference goes in first, as a version
 * of its own, so versions stay gap-free and every entry's {@code before} is its predecessor's {@code after}. Its
 * source position is derived from the change's ({@link EntryFactory#detectedBefore}), so a redelivered change
 * finds both entries stored and records the drift only once; {@link Reconciler} finds the writes no later change
 * reveals.
 */
@Component
public class Materializer {

    private static final Logger log = LoggerFactory.getLogger(Materializer.class);

    private final AuditStore store;
    private final AuditPublisher publisher;
    private final MaterializeMetrics metrics;
    private final EntryFactory entries = EntryFactory.forCatalog();

    Materializer(AuditStore store, AuditPublisher publisher, MaterializeMetrics metrics) {
        this.store = store;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * Materializes one poll's capture records (null values are tombstones and are skipped). Records after an
     * unreadable one are left for the error handler to deliver again once it has dead-lettered that one; any other
     * failure names the poll's first record, so the whole poll is delivered again (idempotently).
     */
    public void acceptAll(List<ConsumerRecord<String, String>> records) {
        List<CapturedChange> changes = new ArrayList<>(records.size());
        UnreadableChangeException unreadable = null;
        int unreadableAt = -1;
        for (int i = 0; i < records.size() && unreadable == null; i++) {
            ConsumerRecord<String, String> r = records.get(i);
            if (r.value() == null) {
                continue;
            }
            try {
                changes.add(CaptureParser.parse(r.topic(), r.key(), r.value()));
            } catch (UnreadableChangeException e) {
                unreadable = e;
                unreadableAt = i;
            }
        }
        try {
            publisher.publishAll(store(changes));
        } catch (RuntimeException e) {
            log.warn(
                    "{} change(s) not materialized yet (delivered again, then dead-lettered): {}",
                    changes.size(),
                    e.toString());
            throw new BatchListenerFailedException(
                    "materializing a poll of " + records.size() + " records failed", e, 0);
        }
        if (unreadable != null) {
            throw new BatchListenerFailedException(unreadable.getMessage(), unreadable, unreadableAt);
        }
    }

    /** Stores the entries of {@code changes}; returns every entry to publish (new ones and ones found stored). */
    private List<AuditEntry> store(List<CapturedChange> changes) {
        Map<DocumentRef, List<CapturedChange>> byDocument = new LinkedHashMap<>();
        for (CapturedChange c : changes) {
            byDocument
                    .computeIfAbsent(new DocumentRef(c.collection(), c.documentId()), k -> new ArrayList<>())
                    .add(c);
        }
        Map<DocumentRef, History> histories = store.recentHistories(byDocument.keySet());
        List<AuditEntry> toPublish = new ArrayList<>();
        List<AuditEntry> toInsert = new ArrayList<>();
        List<CapturedChange> insertedFor = new ArrayList<>();
        List<CapturedChange> oneByOne = new ArrayList<>();
        for (var e : byDocument.entrySet()) {
            History history = histories.get(e.getKey());
            if (!history.complete()) {
                oneByOne.addAll(e.getValue());
                continue;
            }
            AuditEntry previous = history.latest();
            for (CapturedChange change : e.getValue()) {
                if (history.holds(change.position())) {
                    // delivered again: the one-change path finds the stored entry and publishes it again
                    oneByOne.add(change);
                    continue;
                }
                if (previous != null
                        && EntryFactory.detectedBefore(change.position()).equals(previous.sourcePosition())) {
                    // stored with its external entry, not yet published, when the consumer stopped
                    toPublish.add(previous);
                }
                warnIfOvertaken(change, previous);
                for (AuditEntry entry : entriesFor(change, previous)) {
                    previous = entry;
                    history.add(entry);
                    toInsert.add(entry);
                    insertedFor.add(change);
                }
            }
        }
        List<AuditEntry> insertedEntries = store.insertInOrder(toInsert);
        int inserted = insertedEntries.size();
        for (int i = 0; i < inserted; i++) {
            stored(insertedFor.get(i), insertedEntries.get(i));
            toPublish.add(insertedEntries.get(i));
        }
        // a collision (another consumer got there first) leaves the rest to the careful path, in their order; a
        // change whose external entry got in but not its own is looked at again as a whole
        oneByOne.addAll(0, new LinkedHashSet<>(insertedFor.subList(inserted, insertedFor.size())));
        for (CapturedChange change : oneByOne) {
            toPublish.addAll(materialize(change));
        }
        return toPublish;
    }

    /**
     * The entries a new change adds: its own, preceded by an external one when it started from a state the trail
     * does not end in. The external entry is dated no later than the change, so time-ordered reads keep them in
     * version order.
     */
    private List<AuditEntry> entriesFor(CapturedChange change, AuditEntry previous) {
        Optional<AuditEntry> external = entries.drift(change, previous);
        Optional<AuditEntry> next = entries.next(change, external.orElse(previous));
        if (external.isEmpty()) {
            return next.stream().toList();
        }
        AuditEntry drift = external.get();
        if (next.isPresent() && next.get().changedAt().isBefore(drift.changedAt())) {
            drift = EntryFactory.at(drift, next.get().changedAt());
        }
        try (RequestIdScope scope = RequestIdScope.of(change)) {
            log.warn(
                    "{}/{} was changed outside the API before change {}: recorded as version {} ({} field change(s), by unknown)",
                    change.collection(),
                    change.documentId(),
                    change.position(),
                    drift.version(),
                    drift.changes().size());
        }
        // re-dated, the external entry hashes anew: the change's entry follows that hash, not the one it was built on
        return next.isPresent() ? List.of(drift, next.get().hashed(drift.hash())) : List.of(drift);
    }

    /**
     * One change, looking everything up by itself: the path for redeliveries, long histories and collisions.
     * Returns what to publish: the change's entry, and the external entry found before it when there is one.
     */
    List<AuditEntry> materialize(CapturedChange change) {
        String external = EntryFactory.detectedBefore(change.position());
        List<AuditEntry> stored =
                store.findByPositions(change.collection(), change.documentId(), List.of(external, change.position()));
        if (stored.stream().anyMatch(s -> change.position().equals(s.sourcePosition()))) {
            metrics.redelivered();
            return stored;
        }
        AuditEntry previous =
                store.latest(change.collection(), change.documentId()).orElse(null);
        List<AuditEntry> toPublish = new ArrayList<>();
        if (previous != null && external.equals(previous.sourcePosition())) {
            toPublish.add(previous);
        }
        warnIfOvertaken(change, previous);
        for (AuditEntry entry : entriesFor(change, previous)) {
            Optional<AuditEntry> inserted = store.insert(entry);
            if (inserted.isPresent()) {
                stored(change, inserted.get());
                toPublish.add(inserted.get());
                continue;
            }
            List<AuditEntry> concurrent = store.findByPositions(
                    change.collection(), change.documentId(), List.of(external, change.position()));
            if (concurrent.stream().anyMatch(s -> change.position().equals(s.sourcePosition()))) {
                return concurrent;
            }
            throw new VersionClashException("version " + entry.version() + " of " + change.collection() + "/"
                    + change.documentId() + " was stored by another consumer; retrying numbers this change after it");
        }
        return toPublish;
    }

    private void stored(CapturedChange change, AuditEntry entry) {
        if (Actions.EXTERNAL.equals(entry.action())) {
            metrics.drift(change.collection(), EntryFactory.BY_MATERIALIZER);
            return;
        }
        metrics.stored(change.collection(), entry.action().value(), change.sourceTsMs());
        // INFO: the one line that ties a request id to the entry it produced (README, "Security")
        try (RequestIdScope scope = RequestIdScope.of(change)) {
            log.info("Stored {} ({} by {})", entry.id(), entry.action(), entry.changedBy());
        }
    }

    private static void warnIfOvertaken(CapturedChange change, AuditEntry previous) {
        if (previous != null && SourcePositions.compare(change.position(), previous.sourcePosition()) < 0) {
            try (RequestIdScope scope = RequestIdScope.of(change)) {
                log.warn(
                        "Change {} of {}/{} arrived after the newer {}: appended as version {}",
                        change.position(),
                        change.collection(),
                        change.documentId(),
                        previous.sourcePosition(),
                        previous.version() + 1);
            }
        }
    }
}
