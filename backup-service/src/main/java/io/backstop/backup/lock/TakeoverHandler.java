package io.backstop.backup.lock;

/**
 * Cleans up after a holder that stopped heart-beating: called once when its stale lease is taken over, and at
 * start-up for records that no live lease covers. {@code newFence} is the successor's token: records re-stamped
 * with it can no longer be written by the dead holder.
 */
public interface TakeoverHandler {

    String LEASE_LOST = "holder lost its lease";

    void orphaned(String operationId, long newFence, String reason);
}
