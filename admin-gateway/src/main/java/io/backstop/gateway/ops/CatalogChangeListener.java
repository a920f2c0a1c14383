package io.backstop.gateway.ops;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import io.backstop.contracts.AuditEvent;
import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;

/**
 * Tells every open admin session which catalog documents changed, so lists and detail panels refresh and an open edit
 * form learns it went stale before its save is refused (or, worse, before it undoes a restore). The feed is the audit
 * topic, not the capture topic: an entry there means the change is already readable through the API and already in
 * the history, whichever path made it (an edit, a rollback, a restore, a write that bypassed the API).
 *
 * <p>A batch listener, so a restore that touches thousands of documents becomes one event per poll, not one per
 * document; each event names at most {@link #MAX_NAMED} documents and counts the rest, and a session that is told
 * "and more" simply reloads what it shows. Like {@link ProgressListener}, every gateway instance reads the whole
 * topic from "now" with a group of its own.
 */
class CatalogChangeListener {

    /** Enough to name every document one person's edit or rollback touches; a restore is summarised. */
    static final int MAX_NAMED = 100;

    private static final Logger log = LoggerFactory.getLogger(CatalogChangeListener.class);

    private final OpsEvents events;

    CatalogChangeListener(OpsEvents events) {
        this.events = events;
    }

    @KafkaListener(
            id = "catalog-changes",
            topics = Topics.AUDIT_EVENTS,
            groupId = "admin-gateway-changes-${random.uuid}",
            batch = "true")
    void onEntries(List<ConsumerRecord<String, byte[]>> records) {
        List<CatalogChanges.Change> named = new ArrayList<>();
        int more = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            AuditEvent entry;
            try {
                entry = Json.read(record.value(), AuditEvent.class);
            } catch (RuntimeException unreadable) {
                // a display feed: the next change, or the next reload, shows the truth
                log.warn(
                        "skipping an unreadable audit record at {}-{}@{}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        unreadable.toString());
                continue;
            }
            if (named.size() < MAX_NAMED) {
                named.add(new CatalogChanges.Change(
                        entry.collection(),
                        entry.documentId(),
                        entry.version(),
                        entry.action().value(),
                        entry.changedBy()));
            } else {
                more++;
            }
        }
        if (!named.isEmpty()) {
            events.catalog(new CatalogChanges(named, more));
        }
    }
}
