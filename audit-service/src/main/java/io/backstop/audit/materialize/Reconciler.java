package io.backstop.audit.materialize;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoClient;

import io.backstop.audit.AuditProperties;
import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.AuditStore;
import io.backstop.audit.store.AuditStore.DocumentRef;
import io.backstop.audit.store.AuditStore.History;
import io.backstop.audit.store.Redactions;
import io.backstop.contracts.CatalogFields;
import io.backstop.contracts.Topics;
import io.backstop.diff.DocumentDiff;
import io.backstop.outbox.CaptureMode;
import io.backstop.outbox.CatalogDocuments;
import io.backstop.support.CaptureModeProperties;

/**
 * Finds the changes made outside the API that no capture recorded and no later change revealed (the materializer
 * finds those that one did): it compares every live catalog document with the state its trail ends in and records
 * each difference as an {@code external} entry, as the next version, by {@code unknown}.
 *
 * <h2>Only in outbox mode</h2>
 * In debezium mode the connector captures every write, direct ones included, and a direct write captured but not
 * materialized yet would look like drift here and then be recorded twice. The reconciler does not run there.
 *
 * <h2>Not racing the capture</h2>
 * A difference is drift only when the live document was last written by nothing the capture will deliver. An API
 * write stamps a fresh {@code _change.txId} (a delete leaves it on its tombstone); a write that bypassed the API
 * leaves the old stamp or none. So a difference whose live stamp is one the trail has not recorded yet is an API
 * write on its way through the outbox and Kafka, and is left to the materializer; anything else is recorded. The
 * trail is read before the live documents: every entry that exists when the live document is read was either seen
 * or is newer than what was read, and then it holds the version this pass would write, whose insert fails (ids are
 * derived from versions), so a pass never records a state something else already explained. The same holds for two
 * passes at once and for a second pass over the same drift: the first one's entry makes the trail agree.
 *
 * <h2>Limits</h2>
 * A direct write that stamps a {@code _change.txId} of its own (a copy of another document, with its stamp) looks
 * like an API write in flight and is only recorded when the next captured change of the document reveals it. An
 * entry whose publication on {@code audit.events} fails stays in the trail (the source of truth) but is not
 * published again.
 */
@Component
public class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    private static final int CHUNK = 256;

    /** What one pass did; {@code ran} is false (with the reason in {@code note}) when nothing was compared. */
    public record Report(
            String captureMode,
            boolean ran,
            Instant startedAt,
            Instant finishedAt,
            int documents,
            int drifts,
            int inFlight,
            String note) {}

    private final AuditStore store;
    private final LiveCatalog catalog;
    private final AuditPublisher publisher;
    private final MaterializeMetrics metrics;
    private final CaptureMode mode;
    private final EntryFactory entries = EntryFactory.forCatalog();
    private final ReentrantLock running = new ReentrantLock();
    private volatile Report last;
    private volatile String lastError;

    Reconciler(
            AuditStore store,
            MongoClient client,
            AuditProperties properties,
            AuditPublisher publisher,
            MaterializeMetrics metrics,
            CaptureModeProperties capture) {
        this.store = store;
        this.catalog = new LiveCatalog(client.getDatabase(properties.drift().catalogDatabase()));
        this.publisher = publisher;
        this.metrics = metrics;
        this.mode = capture.mode();
    }

    public boolean enabled() {
        return mode == CaptureMode.OUTBOX;
    }

    public CaptureMode mode() {
        return mode;
    }

    /** The last pass that ran to its end, or null. */
    public Report last() {
        return last;
    }

    /** Why the last pass failed, or null when it did not. */
    public String lastError() {
        return lastError;
    }

    /** One pass over the whole catalog; waits for a pass already running, so it always starts after the call. */
    public Report reconcile() {
        Instant started = Instant.now();
        if (!enabled()) {
            return new Report(
                    modeName(),
                    false,
                    started,
                    started,
                    0,
                    0,
                    0,
                    "capture mode debezium records writes that bypass the API itself; nothing to reconcile");
        }
        running.lock();
        try {
            Report report = pass(Instant.now());
            last = report;
            lastError = null;
            if (report.drifts() > 0) {
                log.warn(
                        "Reconcile: {} change(s) made outside the API recorded as external entries ({} documents, {} in flight)",
                        report.drifts(),
                        report.documents(),
                        report.inFlight());
            }
            return report;
        } catch (RuntimeException e) {
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            throw e;
        } finally {
            running.unlock();
        }
    }

    private Report pass(Instant started) {
        int documents = 0;
        int drifts = 0;
        int inFlight = 0;
        for (String collection : Topics.CATALOG_COLLECTIONS) {
            // documents the trail knows and live ones: one that only the trail knows was deleted, one that only the
            // catalog has was created, outside the API unless the capture is on its way
            Set<String> ids = new TreeSet<>(store.documentIds(collection));
            ids.addAll(catalog.ids(collection));
            List<String> all = List.copyOf(ids);
            for (int from = 0; from < all.size(); from += CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
                Map<String, AuditEntry> trail = latest(collection, chunk);
                Map<String, Document> live = catalog.find(collection, chunk);
                for (String id : chunk) {
                    documents++;
                    switch (compare(collection, id, trail.get(id), live.get(id))) {
                        case DRIFT -> drifts++;
                        case IN_FLIGHT -> inFlight++;
                        case SAME -> {}
                    }
                }
            }
        }
        return new Report(modeName(), true, started, Instant.now(), documents, drifts, inFlight, null);
    }

    private enum Outcome {
        SAME,
        IN_FLIGHT,
        DRIFT
    }

    private Outcome compare(String collection, String id, AuditEntry latest, Document live) {
        Document trail = latest == null ? null : latest.after();
        Document found =
                Redactions.carryForward(trail, live == null || CatalogDocuments.isDeleteMarker(live) ? null : live);
        if (DocumentDiff.equalIgnoring(trail, found, CatalogFields.BOOKKEEPING)) {
            return Outcome.SAME;
        }
        String lastWrite = live != null ? CatalogDocuments.txIdOf(live) : catalog.tombstoneTxId(collection, id);
        if (lastWrite != null
                && (latest == null || !lastWrite.equals(latest.txId()))
                && !store.hasTxId(collection, id, lastWrite)) {
            return Outcome.IN_FLIGHT;
        }
        long version = latest == null ? 1 : latest.version() + 1;
        AuditEntry entry = entries.external(
                collection,
                id,
                latest,
                found,
                Instant.now(),
                EntryFactory.reconciled(version),
                EntryFactory.BY_RECONCILER);
        Optional<AuditEntry> inserted = store.insert(entry);
        if (inserted.isEmpty()) {
            // something recorded that version since the trail was read: it explains the state or a later pass will
            return Outcome.IN_FLIGHT;
        }
        metrics.drift(collection, EntryFactory.BY_RECONCILER);
        log.warn(
                "{}/{} was changed outside the API: recorded as version {} ({} field change(s), by unknown)",
                collection,
                id,
                version,
                entry.changes().size());
        publisher.publishAll(List.of(inserted.get()));
        return Outcome.DRIFT;
    }

    /** The latest entry of each document, read in one go for documents with a short history. */
    private Map<String, AuditEntry> latest(String collection, List<String> ids) {
        List<DocumentRef> refs = new ArrayList<>(ids.size());
        ids.forEach(id -> refs.add(new DocumentRef(collection, id)));
        Map<DocumentRef, History> histories = store.recentHistories(refs);
        Map<String, AuditEntry> out = new HashMap<>();
        for (DocumentRef ref : refs) {
            History h = histories.get(ref);
            AuditEntry latest = h.complete()
                    ? h.latest()
                    : store.latest(collection, ref.documentId()).orElse(null);
            if (latest != null) {
                out.put(ref.documentId(), latest);
            }
        }
        return out;
    }

    private String modeName() {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
