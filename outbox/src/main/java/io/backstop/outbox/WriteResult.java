package io.backstop.outbox;

import org.bson.Document;

/**
 * What a successful write did.
 *
 * @param document the stored document ({@code _id}, business fields, {@code version}, {@code _change}); for a
 *                 delete, the delete marker that was removed
 * @param version  the document's new version (for a delete, the marker's)
 */
public record WriteResult(String txId, long seq, String collection, String documentId, long version,
                          Document document) {
}
