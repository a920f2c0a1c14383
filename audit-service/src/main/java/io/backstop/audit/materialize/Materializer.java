package io.backstop.audit.materialize;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.AuditStore;
import io.backstop.contracts.CatalogFields;
import io.backstop.diff.DocumentDiff;

/**
 * Stores one captured change as an audit entry, then publishes it. No transactions: the single insert is the
 * commit point. A crash before it leaves nothing; after it, the redelivered record finds its entry by source
 * position (unique index) and only publishes it again. The consumer commits the offset only after this returns.
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

    /** Materializes a raw capture record; a null value is a tombstone and is skipped. */
    public void accept(String topic, String key, String value) {
        if (value == null) {
            return;
        }
        CapturedChange change = CaptureParser.parse(topic, key, value);
        try (RequestIdScope scope = RequestIdScope.of(change)) {
            try {
                materialize(change).ifPresent(publisher::publish);
            }
            catch (RuntimeException e) {
                // logged here as well as by the error handler, because only here the line carries the request id
                log.warn("Change {} of {}/{} not materialized yet (delivered again, then dead-lettered): {}",
                        change.position(), change.collection(), change.documentId(), e.toString());
                throw e;
            }
        }
    }

    Optional<AuditEntry> materialize(CapturedChange change) {
        Optional<AuditEntry> stored = store.findByPosition(change.collection(), change.documentId(), change.position());
        if (stored.isPresent()) {
            metrics.redelivered();
            return stored;
        }
        AuditEntry previous = store.latest(change.collection(), change.documentId()).orElse(null);
        if (previous != null && SourcePositions.compare(change.position(), previous.sourcePosition()) < 0) {
            log.warn("Change {} of {}/{} arrived after the newer {}: appended as version {}", change.position(),
                    change.collection(), change.documentId(), previous.sourcePosition(), previous.version() + 1);
        }
        Optional<AuditEntry> next = entries.next(change, previous);
        if (next.isEmpty()) {
            return next;
        }
        if (store.insert(next.get())) {
            metrics.stored(change.collection(), next.get().action(), change.sourceTsMs());
            log.debug("Stored {} ({} by {})", next.get().id(), next.get().action(), next.get().changedBy());
            return next;
        }
        Optional<AuditEntry> concurrent = store.findByPosition(change.collection(), change.documentId(), change.position());
        if (concurrent.isPresent()) {
            return concurrent;
        }
        throw new VersionClashException("version " + next.get().version() + " of " + change.collection() + "/"
                + change.documentId() + " was stored by another consumer; retrying numbers this change after it");
    }
}
