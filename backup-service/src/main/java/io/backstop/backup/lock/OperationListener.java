package io.backstop.backup.lock;

/**
 * Told when a critical operation has ended and released the lock. Called in the operation's thread: a listener
 * must return quickly and hand slow work (HTTP, SMTP) to its own threads; what it throws is logged and ignored.
 */
@FunctionalInterface
public interface OperationListener {

    void ended(OperationOutcome outcome);
}
