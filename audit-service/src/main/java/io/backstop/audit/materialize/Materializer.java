package io.backstop.audit.materialize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import io.backstop.contracts.CatalogFields;
import io.backstop.diff.DocumentDiff;

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
 */
@Component
public class Materializer {

    private static final Logger log = LoggerFactory.getLogger(Materializer.class);

    private final AuditStore store;
    private final AuditPublisher publisher;
    private final MaterializeMetrics metrics;
    private final EntryFactory entries = new EntryFactory(DocumentDiff.builder().ignoring(CatalogFields.BOOKKEEPING).build());

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
            }
            catch (UnreadableChangeException e) {
                unreadable = e;
                unreadableAt = i;
            }
        }
        try {
            publisher.publishAll(store(changes));
        }
        catch (RuntimeException e) {
            log.warn("{} change(s) not materialized yet (delivered again, then dead-lettered): {}", changes.size(), e.toString());
            throw new BatchListenerFailedException("materializing a poll of " + records.size() + " records failed", e, 0);
        }
        if (unreadable != null) {
            throw new BatchListenerFailedException(unreadable.getMessage(), unreadable, unreadableAt);
        }
    }

    /** Stores the entries of {@code changes}; returns every entry to publish (new ones and ones found stored). */
    private List<AuditEntry> store(List<CapturedChange> changes) {
        Map<DocumentRef, List<CapturedChange>> byDocument = new LinkedHashMap<>();
        for (CapturedChange c : changes) {
            byDocument.computeIfAbsent(new DocumentRef(c.collection(), c.documentId()), k -> new ArrayList<>()).add(c);
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
                warnIfOvertaken(change, previous);
                Optional<AuditEntry> next = entries.next(change, previous);
                if (next.isPresent()) {
                    previous = next.get();
                    history.add(previous);
                    toInsert.add(previous);
                    insertedFor.add(change);
                }
            }
        }
        int inserted = store.insertInOrder(toInsert);
        for (int i = 0; i < inserted; i++) {
            stored(insertedFor.get(i), toInsert.get(i));
            toPublish.add(toInsert.get(i));
        }
        // a collision (another consumer got there first) leaves the rest to the careful path, in their order
        oneByOne.addAll(0, insertedFor.subList(inserted, insertedFor.size()));
        for (CapturedChange change : oneByOne) {
            materialize(change).ifPresent(toPublish::add);
        }
        return toPublish;
    }

    /** One change, looking everything up by itself: the path for redeliveries, long histories and collisions. */
    Optional<AuditEntry> materialize(CapturedChange change) {
        Optional<AuditEntry> stored = store.findByPosition(change.collection(), change.documentId(), change.position());
        if (stored.isPresent()) {
            metrics.redelivered();
            return stored;
        }
        AuditEntry previous = store.latest(change.collection(), change.documentId()).orElse(null);
        warnIfOvertaken(change, previous);
        Optional<AuditEntry> next = entries.next(change, previous);
        if (next.isEmpty()) {
            return next;
        }
        if (store.insert(next.get())) {
            stored(change, next.get());
            return next;
        }
        Optional<AuditEntry> concurrent = store.findByPosition(change.collection(), change.documentId(), change.position());
        if (concurrent.isPresent()) {
            return concurrent;
        }
        throw new VersionClashException("version " + next.get().version() + " of " + change.collection() + "/"
                + change.documentId() + " was stored by another consumer; retrying numbers this change after it");
    }

    private void stored(CapturedChange change, AuditEntry entry) {
        metrics.stored(change.collection(), entry.action(), change.sourceTsMs());
        try (RequestIdScope scope = RequestIdScope.of(change)) {
            log.debug("Stored {} ({} by {})", entry.id(), entry.action(), entry.changedBy());
        }
    }

    private static void warnIfOvertaken(CapturedChange change, AuditEntry previous) {
        if (previous != null && SourcePositions.compare(change.position(), previous.sourcePosition()) < 0) {
            try (RequestIdScope scope = RequestIdScope.of(change)) {
                log.warn("Change {} of {}/{} arrived after the newer {}: appended as version {}", change.position(),
                        change.collection(), change.documentId(), previous.sourcePosition(), previous.version() + 1);
            }
        }
    }
}
