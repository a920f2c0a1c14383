package io.backstop.audit.materialize;

/** A capture record that can never be materialized (not JSON, not the envelope): retrying cannot help. */
public class UnreadableChangeException extends RuntimeException {

    public UnreadableChangeException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnreadableChangeException(String message) {
        super(message);
    }
}
