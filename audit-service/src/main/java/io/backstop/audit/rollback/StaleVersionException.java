package io.backstop.audit.rollback;


import io.backstop.support.ApiException;
import io.backstop.support.ProblemType;

/** catalog-service refused the rollback because the document is no longer at the version the caller expected. */
final class StaleVersionException extends ApiException {

    private final long currentVersion;

    StaleVersionException(String detail, long currentVersion) {
        super(ProblemType.VERSION_CONFLICT, detail);
        this.currentVersion = currentVersion;
    }

    long currentVersion() {
        return currentVersion;
    }
}
