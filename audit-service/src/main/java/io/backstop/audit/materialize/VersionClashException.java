package io.backstop.audit.materialize;

/**
 * Another writer stored the version this entry was about to take (two consumers of one partition during a
 * rebalance). Transient: the next delivery numbers the entry after the one that won.
 */
public class VersionClashException extends RuntimeException {

    public VersionClashException(String message) {
        super(message);
    }
}
