package io.backstop.outbox;

import static io.backstop.outbox.OutboxFields.*;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;

/**
 * One captured change as stored in {@code catalog.outbox}.
 *
 * @param op     Debezium's op code: {@code c}, {@code u} or {@code d}
 * @param before the full document before the change (for a delete: the delete marker), null on create
 * @param after  the full document after the change, null on delete
 */
public record OutboxEntry(
        String txId,
        long seq,
        String status,
        String collection,
        String documentId,
        String op,
        Document before,
        Document after,
        Instant createdAt) {

    Document toBson() {
        return new Document(ID, txId)
                .append(SEQ, seq)
                .append(STATUS, status)
                .append(COLLECTION, collection)
                .append(DOCUMENT_ID, documentId)
                .append(OP, op)
                .append(BEFORE, before)
                .append(AFTER, after)
                .append(CREATED_AT, Date.from(createdAt));
    }

    static OutboxEntry fromBson(Document d) {
        return new OutboxEntry(
                d.getString(ID),
                ((Number) d.get(SEQ)).longValue(),
                d.getString(STATUS),
                d.getString(COLLECTION),
                d.getString(DOCUMENT_ID),
                d.getString(OP),
                d.get(BEFORE, Document.class),
                d.get(AFTER, Document.class),
                d.getDate(CREATED_AT).toInstant());
    }
}
