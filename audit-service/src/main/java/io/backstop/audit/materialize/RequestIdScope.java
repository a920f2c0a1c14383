package io.backstop.audit.materialize;

import java.util.regex.Pattern;

import org.bson.Document;
import org.slf4j.MDC;

import io.backstop.contracts.CatalogFields;

/**
 * Puts the request id a change carries ({@code _change.requestId}, set by the gateway and stored by
 * catalog-service) into the log context while the change is materialized, so the audit-service's log lines
 * for it carry the same id as the gateway's and catalog-service's. A write around the API can put anything
 * there: only a plausible id (the same rule as for the header) is logged.
 */
final class RequestIdScope implements AutoCloseable {

    static final String MDC_KEY = "requestId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private final String previous;

    private RequestIdScope(String previous) {
        this.previous = previous;
    }

    static RequestIdScope of(CapturedChange change) {
        String previous = MDC.get(MDC_KEY);
        String id = requestId(change.after());
        if (id == null) {
            id = requestId(change.before());
        }
        if (id != null && SAFE.matcher(id).matches()) {
            MDC.put(MDC_KEY, id);
        } else {
            MDC.remove(MDC_KEY);
        }
        return new RequestIdScope(previous);
    }

    private static String requestId(Document doc) {
        return doc != null
                        && doc.get(CatalogFields.CHANGE) instanceof Document change
                        && change.get(CatalogFields.REQUEST_ID) instanceof String id
                ? id
                : null;
    }

    /** Restores the thread's previous value: a listener thread carries no id over to the next record. */
    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, previous);
        }
    }
}
