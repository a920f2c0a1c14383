package io.backstop.audit.rollback;

import java.util.Map;

import org.bson.Document;
import org.springframework.stereotype.Service;

import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.AuditStore;
import io.backstop.audit.store.PlainJson;
import io.backstop.contracts.CatalogFields;
import io.backstop.support.ApiException;
import io.backstop.support.CurrentUser;

/**
 * Rollback goes through catalog-service's revert endpoint rather than writing the catalog itself: the catalog
 * validates it (a parent that is gone is a 409 there), checks it against the current version, and records it
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

    Map<String, Object> rollback(String collection, String documentId, long version, String reason) {
        AuditEntry target = store.version(collection, documentId, version).orElseThrow(() -> ApiException.notFound(
                "no version " + version + " of " + collection + "/" + documentId + " to roll back to"));
        String bearer = CurrentUser.bearerToken();
        String requestId = CurrentUser.requestId();
        Long current = catalog.currentVersion(collection, documentId, bearer, requestId);
        RevertRequest request = new RevertRequest(businessFields(target.after()), current, version, reason);
        return catalog.revert(collection, documentId, request, bearer, requestId);
    }

    /** The snapshot without {@code _id} (in the URL) and the bookkeeping the catalog writes itself. */
    static Map<String, Object> businessFields(Document after) {
        if (after == null) {
            return null;
        }
        Document copy = new Document(after);
        copy.remove(CatalogFields.ID);
        CatalogFields.BOOKKEEPING.forEach(copy::remove);
        return PlainJson.map(copy);
    }
}
