package io.backstop.contracts;

import java.util.List;

/** Kafka topic names shared by producers and consumers. See docs/architecture.md. */
public final class Topics {

    /** Debezium's {@code topic.prefix}; capture topics are {@code <prefix>.<db>.<collection>}. */
    public static final String CAPTURE_PREFIX = "backstop";

    public static final String CATALOG_DB = "catalog";

    /** The catalog collections whose changes are captured, audited and backed up, parents first. */
    public static final List<String> CATALOG_COLLECTIONS = List.of("brands", "models", "engines");

    /** Every materialized audit entry, keyed by {@code <collection>/<documentId>}. */
    public static final String AUDIT_EVENTS = "audit.events";

    /** Progress of backups, restores and the other critical operations, keyed by operation id. */
    public static final String OPS_PROGRESS = "backstop.ops.progress";

    /** Where the audit materializer parks records it cannot read, so one bad record never blocks a partition. */
    public static final String CAPTURE_DEAD_LETTER = "backstop.catalog.dlt";

    private Topics() {}

    public static String captureTopic(String collection) {
        return CAPTURE_PREFIX + "." + CATALOG_DB + "." + collection;
    }

    public static List<String> captureTopics() {
        return CATALOG_COLLECTIONS.stream().map(Topics::captureTopic).toList();
    }

    /** The collection a capture topic carries, or {@code null} if the topic is not a capture topic. */
    public static String collectionOf(String topic) {
        String prefix = CAPTURE_PREFIX + "." + CATALOG_DB + ".";
        return topic.startsWith(prefix) ? topic.substring(prefix.length()) : null;
    }
}
