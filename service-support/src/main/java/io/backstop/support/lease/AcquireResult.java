package io.backstop.support.lease;

/** The outcome of one acquisition attempt. */
public sealed interface AcquireResult {

    /** The lease is ours; {@code takenOverFrom} is the stale lease of a holder that stopped heart-beating, if any. */
    record Acquired(Lease lease, Lease takenOverFrom) implements AcquireResult {}

    /** Someone else holds a live lease. */
    record Held(Lease current) implements AcquireResult {}
}
