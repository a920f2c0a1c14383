package io.backstop.audit.rollback;

/**
 * catalog-service's answer to a revert.
 *
 * @param document the document as it is now (or, when the revert deleted it, its last state marked deleted)
 * @param changed  false when the document already was in the target state and nothing was written
 */
record Reverted(RolledBackDocument document, boolean changed) {}
