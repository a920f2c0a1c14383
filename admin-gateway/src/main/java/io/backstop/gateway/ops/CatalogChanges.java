package io.backstop.gateway.ops;

import java.util.List;

/**
 * What the {@code catalog} event of {@code /api/ops/events} carries: the documents whose new version just reached the
 * history, and how many more changed in the same batch without being named (then a session reloads what it shows).
 */
public record CatalogChanges(List<Change> changes, int more) {

    /** One new version of one document; {@code action} as in the audit trail (update, move, rollback, restore …). */
    public record Change(String collection, String documentId, long version, String action, String changedBy) {}
}
