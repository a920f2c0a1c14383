package io.backstop.audit.rollback;

import org.springframework.http.HttpStatus;

import io.backstop.support.ApiException;

/** catalog-service refused the rollback because the document is no longer at the version the caller expected. */
final class StaleVersionException extends ApiException {

    private final long currentVersion;

    StaleVersionException(String detail, long currentVersion) {
        super(HttpStatus.CONFLICT, detail);
        this.currentVersion = currentVersion;
    }

    long currentVersion() {
        return currentVersion;
    }
}
