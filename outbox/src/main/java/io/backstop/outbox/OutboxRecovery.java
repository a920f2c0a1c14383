package io.backstop.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.client.MongoDatabase;

/**
 * Settles entries whose writer stopped between two steps (see {@link CatalogWriter} for the protocol), and
 * deletes entries nobody needs any more. Safe to run concurrently from several processes: every transition
 * is conditional on the entry's status.
 */
public final class OutboxRecovery {

    private static final Logger log = LoggerFactory.getLogger(OutboxRecovery.class);
    private static final int BATCH = 500;

    private final MongoDatabase db;
    private final Clock clock;
    private final OutboxStore outbox;
    private final Tombstones tombstones;

    public OutboxRecovery(MongoDatabase catalogDb, Clock clock) {
        this.db = catalogDb;
        this.clock = clock;
        this.outbox = new OutboxStore(catalogDb, clock);
        this.tombstones = new Tombstones(catalogDb, outbox);
    }

    /** What one recovery pass did. */
    public record Result(int promoted, int aborted) {}

    /**
     * Entries PENDING for longer than {@code grace}: READY when the document (or the tombstone) shows the
     * write happened, ABORTED otherwise. {@code grace} must exceed the time a live writer needs between
     * inserting its entry and writing the document; a writer slower than that still ends READY (it promotes
     * its own entry from ABORTED), at the price of a later position.
     */
    public Result recoverStale(Duration grace) {
        int promoted = 0;
        int aborted = 0;
        List<OutboxEntry> stale = outbox.pendingCreatedBefore(clock.instant().minus(grace), BATCH);
        for (OutboxEntry entry : stale) {
            if (happened(entry)) {
                if (outbox.promote(entry.txId())) {
                    promoted++;
                }
            } else if (outbox.abort(entry.txId())) {
                aborted++;
            }
        }
        if (promoted + aborted > 0) {
            log.info(
                    "Outbox recovery: {} interrupted write(s) completed, {} abandoned before the document changed",
                    promoted,
                    aborted);
        }
        return new Result(promoted, aborted);
    }

    /**
     * Deletes ABORTED entries older than {@code retention} (published ones are deleted by the relay). An ABORTED entry is checked
     * once more first: if its document shows it after all (a very slow writer), it is promoted instead.
     *
     * @return the number of entries deleted
     */
    public long purge(Duration retention) {
        Instant cutoff = clock.instant().minus(retention);
        long deleted = 0;
        for (OutboxEntry entry : outbox.abortedBefore(cutoff, BATCH)) {
            if (happened(entry)) {
                log.warn(
                        "Outbox entry {} ({}/{}) was aborted but its write landed later; publishing it now",
                        entry.txId(),
                        entry.collection(),
                        entry.documentId());
                outbox.promote(entry.txId());
            } else if (outbox.deleteAborted(entry.txId())) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Whether the entry's write reached the document; finishes a delete whose marker is in place. */
    private boolean happened(OutboxEntry entry) {
        Document doc = db.getCollection(entry.collection())
                .find(CatalogDocuments.byId(entry.documentId()))
                .first();
        if (doc != null && entry.txId().equals(CatalogDocuments.txIdOf(doc))) {
            if (CatalogWriter.ChangeOp.DELETE.equals(entry.op())) {
                tombstones.finishDelete(
                        entry.collection(),
                        entry.documentId(),
                        entry.txId(),
                        CatalogDocuments.versionOf(doc),
                        FaultPoint.NONE);
            }
            return true;
        }
        return CatalogWriter.ChangeOp.DELETE.equals(entry.op())
                && tombstones.shows(entry.collection(), entry.documentId(), entry.txId());
    }
}
