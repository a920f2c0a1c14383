package io.backstop.backup.dump;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;

import io.backstop.contracts.MongoFields;

/**
 * Where change capture stands: the catalog's {@code counters} (the outbox relay's sequence numbers, from which
 * source positions are made) and the time. Recorded at the start and end of every backup.
 */
public final class PositionProbe {

    private static final String COUNTERS = "counters";

    private final MongoDatabase catalog;
    private final Clock clock;

    public PositionProbe(MongoDatabase catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public Manifest.Position now() {
        Map<String, Long> counters = new LinkedHashMap<>();
        try (MongoCursor<Document> cursor =
                catalog.getCollection(COUNTERS).find().iterator()) {
            cursor.forEachRemaining(doc -> doc.forEach((field, value) -> {
                if (!MongoFields.ID.equals(field) && value instanceof Number n) {
                    counters.put(doc.get(MongoFields.ID) + "." + field, n.longValue());
                }
            }));
        }
        return new Manifest.Position(clock.instant(), counters);
    }
}
