package io.backstop.outbox;

import java.util.Objects;

import org.bson.Document;

import io.backstop.contracts.Actions;

/**
 * Who made a write, why, and as what kind of change: becomes the document's {@code _change} and, through the
 * capture topics, the audit entry.
 *
 * @param action    one of {@link Actions#WRITES}; a delete's marker carries it too (delete, or rollback/restore
 *                  when those remove a document)
 * @param by        the authenticated user, or {@code system:<service>} for scheduled work; never blank
 * @param reason    optional free text (the {@code X-Change-Reason} header), at most 500 characters
 * @param requestId optional request id that follows the change from the gateway to the audit entry
 * @param metadata  optional free sub-document ({@code {targetVersion}} for a rollback, {@code {backupId,
 *                  operationId}} for a restore); never null after construction
 */
public record Attribution(Actions action, String by, String reason, String requestId, Document metadata) {

    public static final int MAX_REASON_LENGTH = 500;

    public Attribution {
        Objects.requireNonNull(action, "action");
        if (!Actions.WRITES.contains(action)) {
            throw new IllegalArgumentException(
                    "action '" + action + "' is no write, expected one of " + Actions.WRITES);
        }
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("by must name the user or system that writes");
        }
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("reason is longer than " + MAX_REASON_LENGTH + " characters");
        }
        metadata = metadata == null ? new Document() : new Document(metadata);
    }

    public static Attribution of(Actions action, String by) {
        return new Attribution(action, by, null, null, null);
    }

    /** The same attribution with another action, e.g. the delete of a child during a cascade. */
    public Attribution withAction(Actions otherAction) {
        return new Attribution(otherAction, by, reason, requestId, metadata);
    }
}
