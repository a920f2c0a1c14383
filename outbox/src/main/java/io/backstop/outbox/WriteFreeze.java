package io.backstop.outbox;

import static com.mongodb.client.model.Filters.eq;
import static io.backstop.outbox.OutboxFields.*;

import java.time.Clock;
import java.util.Date;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

/**
 * The write freeze a restore sets in {@code catalog.maintenance}. Compared against our own clock, never a TTL
 * index (the embedded server has no TTL expiry): an expired freeze left by a crashed restore unlocks by itself.
 */
public final class WriteFreeze {

    private final MongoCollection<Document> maintenance;
    private final Clock clock;

    public WriteFreeze(MongoDatabase catalogDb, Clock clock) {
        this.maintenance = catalogDb.getCollection(MAINTENANCE);
        this.clock = clock;
    }

    /** Throws {@link WriteFrozenException} while a freeze exists whose {@code expiresAt} is in the future. */
    public void check() {
        Document freeze = maintenance.find(eq(ID, WRITE_FREEZE_ID)).first();
        if (freeze == null) {
            return;
        }
        Date expiresAt = freeze.get(EXPIRES_AT) instanceof Date d ? d : null;
        if (expiresAt != null && expiresAt.toInstant().isAfter(clock.instant())) {
            throw new WriteFrozenException(
                    String.valueOf(freeze.get(OPERATION_ID)),
                    freeze.getString(KIND),
                    freeze.getString(FREEZE_BY),
                    expiresAt.toInstant());
        }
    }

    public boolean active() {
        try {
            check();
            return false;
        } catch (WriteFrozenException e) {
            return true;
        }
    }
}
