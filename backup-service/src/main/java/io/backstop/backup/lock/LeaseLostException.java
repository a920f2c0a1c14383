package io.backstop.backup.lock;

/** This replica no longer holds the lease (it stalled past the stale limit or was taken over): stop writing. */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String operationId) {
        super("Operation " + operationId + " lost its lease (heartbeat missed past the stale limit or taken over); "
                + "it stopped before writing anything further");
    }
}
