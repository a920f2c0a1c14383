package io.backstop.backup.lock;

import io.backstop.contracts.OperationKind;

/**
 * An operation's work failed with a checked exception (an I/O error, an interruption): carried to the caller of
 * {@link CriticalOps} unchanged in its cause, so a caller's {@code catch (RuntimeException)} clean-up runs for it
 * too. The operation itself is already recorded as failed and its lease released.
 */
public class OperationFailedException extends RuntimeException {

    public OperationFailedException(OperationKind kind, String operationId, Exception cause) {
        super(
                kind.value() + " " + operationId + " failed: "
                        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
                cause);
    }
}
