package io.backstop.outbox;

import static io.backstop.outbox.OutboxFields.*;

import org.bson.Document;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

/** Creates the outbox protocol's indexes; idempotent, called at start-up by every process that writes. */
public final class OutboxSchema {

    private OutboxSchema() {}

    public static void ensureIndexes(MongoDatabase catalogDb) {
        var outbox = catalogDb.getCollection(OUTBOX, Document.class);
        // the relay: READY in seq order; recovery: PENDING by age; retention: ABORTED by age
        outbox.createIndex(Indexes.ascending(STATUS, SEQ), new IndexOptions().name("status_seq"));
        outbox.createIndex(Indexes.ascending(STATUS, CREATED_AT), new IndexOptions().name("status_createdAt"));
        outbox.createIndex(
                Indexes.ascending(SEQ), new IndexOptions().name("seq_unique").unique(true));
    }
}
