package io.backstop.backup.restore;

import static io.backstop.contracts.MongoFields.ID;
import static io.backstop.outbox.OutboxFields.EXPIRES_AT;
import static io.backstop.outbox.OutboxFields.FREEZE_BY;
import static io.backstop.outbox.OutboxFields.KIND;
import static io.backstop.outbox.OutboxFields.MAINTENANCE;
import static io.backstop.outbox.OutboxFields.OPERATION_ID;
import static io.backstop.outbox.OutboxFields.WRITE_FREEZE_ID;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;

import io.backstop.backup.lock.OperationContext;
import io.backstop.backup.lock.TakeoverHandler;

/**
 * Sets, renews and lifts the write freeze ({@code catalog.maintenance/write-freeze}, docs/architecture.md). Renewal
 * and removal are fenced by the operation's token; a takeover removes a dead restore's freeze (it would also expire
 * by itself, as catalog-service compares {@code expiresAt} with its clock).
 */
public final class WriteFreezeControl implements TakeoverHandler {

    static final String SINCE = "since";
    static final String FENCE = "fence";

    private final MongoCollection<Document> maintenance;
    private final Clock clock;
    private final Duration ttl;

    public WriteFreezeControl(MongoDatabase catalogDb, Clock clock, Duration ttl) {
        this.maintenance = catalogDb.getCollection(MAINTENANCE);
        this.clock = clock;
        this.ttl = ttl;
    }

    public void set(OperationContext ctx) {
        Date now = Date.from(clock.instant());
        maintenance.replaceOne(
                Filters.eq(ID, WRITE_FREEZE_ID),
                new Document(ID, WRITE_FREEZE_ID)
                        .append(OPERATION_ID, ctx.operationId())
                        .append(KIND, ctx.kind().value())
                        .append(FREEZE_BY, ctx.startedBy())
                        .append(SINCE, now)
                        .append(EXPIRES_AT, Date.from(clock.instant().plus(ttl)))
                        .append(FENCE, ctx.fence()),
                new ReplaceOptions().upsert(true));
    }

    /** @return false when the freeze is no longer this operation's */
    public boolean renew(OperationContext ctx) {
        return maintenance
                        .updateOne(
                                mine(ctx),
                                Updates.set(
                                        EXPIRES_AT, Date.from(clock.instant().plus(ttl))))
                        .getMatchedCount()
                == 1;
    }

    public boolean held(OperationContext ctx) {
        return maintenance.countDocuments(Filters.and(mine(ctx), Filters.gt(EXPIRES_AT, Date.from(clock.instant()))))
                == 1;
    }

    public void lift(OperationContext ctx) {
        maintenance.deleteOne(mine(ctx));
    }

    @Override
    public void orphaned(String operationId, long newFence, String reason) {
        maintenance.deleteOne(Filters.and(Filters.eq(ID, WRITE_FREEZE_ID), Filters.eq(OPERATION_ID, operationId)));
    }

    private static org.bson.conversions.Bson mine(OperationContext ctx) {
        return Filters.and(
                Filters.eq(ID, WRITE_FREEZE_ID),
                Filters.eq(OPERATION_ID, ctx.operationId()),
                Filters.eq(FENCE, ctx.fence()));
    }
}
