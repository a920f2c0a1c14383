package io.backstop.catalog.capture;

import java.util.regex.Pattern;

import org.bson.Document;
import org.slf4j.MDC;

import io.backstop.contracts.CatalogFields;

/**
 * The request id a captured change carries in {@code _change.requestId}, put into the log context while the
 * change is published: the id the gateway handed out then shows up in the capture's log lines too. A document
 * written around the API can hold anything there, so only a plausible id is logged (same rule as the header's).
 */
public final class ChangeRequestIds {

    public static final String MDC_KEY = "requestId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private ChangeRequestIds() {}

    /** The id from the state after the change, else before it (a delete's marker); null when none. */
    public static String of(Document after, Document before) {
        String id = fromChange(after);
        return id != null ? id : fromChange(before);
    }

    /** Opens a log-context scope for the id; closing it restores what the thread had before. */
    public static Scope open(String requestId) {
        String previous = MDC.get(MDC_KEY);
        if (requestId != null && SAFE.matcher(requestId).matches()) {
            MDC.put(MDC_KEY, requestId);
        } else {
            MDC.remove(MDC_KEY);
        }
        return () -> {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        };
    }

    private static String fromChange(Document doc) {
        if (doc != null
                && doc.get(CatalogFields.CHANGE) instanceof Document change
                && change.get(CatalogFields.REQUEST_ID) instanceof String id) {
            return id;
        }
        return null;
    }

    /** A log-context scope that throws nothing on close. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
