package io.backstop.gateway.ops;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import io.backstop.contracts.Json;
import io.backstop.contracts.ProgressEvent;
import io.backstop.contracts.Topics;

/**
 * Feeds the lock and the event streams from the progress topic. The group id is unique per gateway instance, so
 * every instance sees every event (a broadcast, not a work queue), and it starts from the latest offset: what
 * happened before start-up comes from backup-service instead ({@link LockReconciler}). A record that cannot be read
 * is logged and skipped: progress is a display feed, the next event supersedes it.
 */
class ProgressListener {

    private static final Logger log = LoggerFactory.getLogger(ProgressListener.class);

    private final OpsLock lock;
    private final OpsEvents events;

    ProgressListener(OpsLock lock, OpsEvents events) {
        this.lock = lock;
        this.events = events;
    }

    @KafkaListener(id = "ops-progress", topics = Topics.OPS_PROGRESS, groupId = "admin-gateway-${random.uuid}")
    void onProgress(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        ProgressEvent event;
        try {
            event = Json.read(record.value(), ProgressEvent.class);
        } catch (RuntimeException unreadable) {
            log.warn(
                    "skipping an unreadable progress record at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    unreadable.toString());
            return;
        }
        boolean changed = lock.apply(event);
        events.progress(event);
        if (changed) {
            events.lock(lock.view());
        }
    }
}
