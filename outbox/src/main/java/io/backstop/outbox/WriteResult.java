package io.backstop.outbox;

import org.bson.Document;

/**
 * What a successful write did.
 *
 * @param txId     the change's id; null when the write changed nothing ({@link #unchanged})
 * @param seq      the change's outbox seq; -1 when it changed nothing
 * @param document the stored document ({@code _id}, business fields, {@code version}, {@code _change}); for a
 *                 delete, the delete marker that was removed; for a write that changed nothing, the document as
 *                 it is (null when it is deleted)
 * @param version  the document's new version (for a delete, the marker's; when nothing changed, the current one)
 */
public record WriteResult(
        String txId, long seq, String collection, String documentId, long version, Document document) {

    /**
     * A write whose target state is the current one. Nothing was written, so there is no change to capture, no
     * new version and no audit entry: a version must stand for a change.
     */
    public static WriteResult unchanged(String collection, String documentId, long version, Document current) {
        return new WriteResult(null, -1, collection, documentId, version, current);
    }

    /** False when the write found the document already in the requested state and wrote nothing. */
    public boolean changed() {
        return txId != null;
    }
}
