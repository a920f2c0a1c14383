package io.backstop.audit.rollback;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;
import org.springframework.stereotype.Service;

import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.AuditStore;
import io.backstop.contracts.CatalogFields;
import io.backstop.contracts.PlainJson;
import io.backstop.diff.Change;
import io.backstop.outbox.CatalogDocuments;
import io.backstop.support.ApiException;
import io.backstop.support.CurrentUser;
import io.backstop.support.ProblemType;
import io.backstop.support.StaleVersionException;

/**
 * Rollback goes through catalog-service's revert endpoint rather than writing the catalog itself: the catalog
 * validates it (a parent that is gone is a 409 there), checks it against the version the caller previewed against
 * in the write itself, writes nothing when the document already is in the target state, and records it
 * as {@code action: rollback} with {@code metadata.targetVersion}, which then reaches the trail like any change.
 */
@Service
class RollbackService {

    private final AuditStore store;
    private final CatalogClient catalog;

    RollbackService(AuditStore store, CatalogClient catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /**
     * The precondition is checked by catalog-service's write, not by reading the version here first: a change
     * saved between such a read and the write would still be overwritten.
     */
    Reverted rollback(String collection, String documentId, long version, long expectedVersion, String reason) {
        AuditEntry target = store.version(collection, documentId, version)
                .orElseThrow(() -> ApiException.notFound(
                        "no version " + version + " of " + collection + "/" + documentId + " to roll back to"));
        RevertRequest request = new RevertRequest(businessFields(target.after()), expectedVersion, version, reason);
        try {
            return catalog.revert(collection, documentId, request, CurrentUser.bearerToken(), CurrentUser.requestId());
        } catch (StaleVersionException e) {
            throw changedSince(collection, documentId, expectedVersion, e.currentVersion());
        }
    }

    /** The 409 that says what happened since the version the caller previewed against, from the trail. */
    private ApiException changedSince(String collection, String documentId, long expected, long current) {
        Set<String> fields = new LinkedHashSet<>();
        List<String> steps = new ArrayList<>();
        long recorded = expected;
        for (AuditEntry e : store.since(collection, documentId, expected)) {
            recorded = e.version();
            // a delete or re-create "changes" every field; the action says more than the list would
            List<String> paths = e.before() == null || e.after() == null
                    ? List.of()
                    : e.changes().stream()
                            .map(Change::path)
                            .filter(p -> !CatalogFields.ID.equals(p))
                            .toList();
            fields.addAll(paths);
            steps.add("v" + e.version() + " " + e.action() + " by " + e.changedBy()
                    + (paths.isEmpty() ? "" : " (" + String.join(", ", paths) + ")"));
        }
        String detail = collection + "/" + documentId + " changed since version " + expected
                + ", which you previewed the rollback against: it is at version " + current + " now"
                + (steps.isEmpty() ? "" : "; " + String.join("; ", steps))
                + (recorded < current ? "; the history has not recorded every change yet" : "")
                + ". Nothing was rolled back: reload the history and preview the rollback again.";
        return new ApiException(
                ProblemType.VERSION_CONFLICT,
                detail,
                List.of(),
                Map.of("expectedVersion", expected, "currentVersion", current, "changedFields", List.copyOf(fields)));
    }

    /** The snapshot without {@code _id} (in the URL) and the bookkeeping the catalog writes itself. */
    private static Map<String, Object> businessFields(Document after) {
        return after == null ? null : PlainJson.map(CatalogDocuments.businessFields(after));
    }
}
