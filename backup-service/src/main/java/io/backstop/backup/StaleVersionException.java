package io.backstop.backup;


import io.backstop.support.ApiException;
import io.backstop.support.ProblemType;

/**
 * 409: an edit or delete named a version of a setting (a schedule, the retention policy) that is no longer the
 * stored one, because someone else changed it first. The detail names the current version.
 */
public final class StaleVersionException extends ApiException {

    private final long currentVersion;

    public StaleVersionException(String what, String reloadFrom, long expectedVersion, long currentVersion) {
        super(ProblemType.VERSION_CONFLICT, what + " is at version " + currentVersion + ", not " + expectedVersion
                + ": someone else changed it. Reload it (GET " + reloadFrom + ") and apply your change again.");
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
