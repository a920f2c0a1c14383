package io.backstop.support;

import java.util.List;
import java.util.Map;

/**
 * 409: a write named a version of a resource (a catalog document, a schedule, the retention policy) that is no
 * longer the stored one, because someone else changed it first. The problem carries the version found as
 * {@value #CURRENT_VERSION}, so a client (or audit-service, relaying catalog-service's refusal) can act on it
 * without parsing the detail.
 */
public class StaleVersionException extends ApiException {

    /** The problem member that holds the version found. */
    public static final String CURRENT_VERSION = "currentVersion";

    private final long currentVersion;

    public StaleVersionException(String detail, long currentVersion) {
        super(ProblemType.VERSION_CONFLICT, detail, List.of(), Map.of(CURRENT_VERSION, currentVersion));
        this.currentVersion = currentVersion;
    }

    /** The detail for a setting the caller edits in place: what it is, where to reload it from. */
    public static StaleVersionException reload(
            String what, String reloadFrom, long expectedVersion, long currentVersion) {
        return new StaleVersionException(
                what + " is at version " + currentVersion + ", not " + expectedVersion
                        + ": someone else changed it. Reload it (GET " + reloadFrom + ") and apply your change again.",
                currentVersion);
    }

    public long currentVersion() {
        return currentVersion;
    }
}
