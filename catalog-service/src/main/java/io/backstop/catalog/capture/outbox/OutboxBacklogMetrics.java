package io.backstop.catalog.capture.outbox;

import static io.backstop.outbox.OutboxFields.CREATED_AT;
import static io.backstop.outbox.OutboxFields.OUTBOX;
import static io.backstop.outbox.OutboxFields.PENDING;
import static io.backstop.outbox.OutboxFields.READY;
import static io.backstop.outbox.OutboxFields.SEQ;
import static io.backstop.outbox.OutboxFields.STATUS;

import java.time.Clock;
import java.util.Date;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The outbox backlog, read from the database at scrape time (indexed queries on {@code status}), so it is
 * right on every replica whether or not its relay runs:
 * <ul>
 * <li>{@value #OLDEST_READY_AGE}: seconds since the oldest READY (committed, not yet published) entry was
 *     written; 0 when nothing waits. Growing means the relay is stuck or the broker is away.</li>
 * <li>{@value #ENTRIES} {@code status=pending|ready}: entries waiting; PENDING ones belong to writes in flight
 *     (or to writers that stopped, until recovery settles them).</li>
 * </ul>
 * A failed read reports NaN (Prometheus shows a gap) instead of failing the scrape.
 */
@Component
@ConditionalOnProperty(name = "backstop.capture.mode", havingValue = "outbox", matchIfMissing = true)
class OutboxBacklogMetrics implements MeterBinder {

    static final String OLDEST_READY_AGE = "backstop.capture.outbox.oldest.ready.age";
    static final String ENTRIES = "backstop.capture.outbox.entries";
    private static final Logger log = LoggerFactory.getLogger(OutboxBacklogMetrics.class);

    private final MongoCollection<Document> outbox;
    private final Clock clock;

    OutboxBacklogMetrics(MongoDatabase catalogDatabase, Clock clock) {
        this.outbox = catalogDatabase.getCollection(OUTBOX);
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(OLDEST_READY_AGE, this, OutboxBacklogMetrics::oldestReadyAgeSeconds)
                .baseUnit("seconds")
                .description("Age of the oldest committed outbox entry not yet published")
                .register(registry);
        Gauge.builder(ENTRIES, this, m -> m.count(PENDING))
                .tag("status", "pending")
                .description("Outbox entries waiting, by status")
                .register(registry);
        Gauge.builder(ENTRIES, this, m -> m.count(READY))
                .tag("status", "ready")
                .description("Outbox entries waiting, by status")
                .register(registry);
    }

    double oldestReadyAgeSeconds() {
        try {
            Document oldest = outbox.find(Filters.eq(STATUS, READY))
                    .sort(Sorts.ascending(SEQ))
                    .projection(Projections.include(CREATED_AT))
                    .first();
            if (oldest == null || !(oldest.get(CREATED_AT) instanceof Date createdAt)) {
                return 0;
            }
            return Math.max(0, clock.millis() - createdAt.getTime()) / 1000.0;
        } catch (RuntimeException e) {
            log.debug("outbox backlog not readable for metrics: {}", e.toString());
            return Double.NaN;
        }
    }

    double count(String status) {
        try {
            return outbox.countDocuments(Filters.eq(STATUS, status));
        } catch (RuntimeException e) {
            log.debug("outbox backlog not readable for metrics: {}", e.toString());
            return Double.NaN;
        }
    }
}
