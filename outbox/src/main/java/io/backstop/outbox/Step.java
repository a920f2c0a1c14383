package io.backstop.outbox;

/**
 * The boundaries between the outbox protocol's steps, in the order a write passes them. A crash may happen
 * after any of them; {@link FaultPoint} lets tests stop the process exactly there.
 */
public enum Step {
    /** the counter was incremented; no entry yet (a crash leaves a harmless gap in seq). */
    SEQ_ALLOCATED,
    /** the PENDING entry exists; the document is untouched. */
    ENTRY_INSERTED,
    /** the entries the current document and tombstone name were promoted to READY. */
    PREVIOUS_PROMOTED,
    /** create/replace: the document shows the new txId. */
    DOCUMENT_WRITTEN,
    /** delete: the document is the delete marker showing the new txId. */
    MARKER_WRITTEN,
    /** delete: the tombstone names the new txId. */
    TOMBSTONE_WRITTEN,
    /** delete: the document is gone. */
    DOCUMENT_DELETED,
    /** the entry is READY for the relay. */
    ENTRY_READY
}
