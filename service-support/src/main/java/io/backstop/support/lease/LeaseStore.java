package io.backstop.support.lease;

import java.time.Duration;
import java.util.Optional;

/**
 * One named lease that at most one holder has at a time, across replicas. Every method is one atomic, conditional write or read: a
 * holder whose lease expired (paused, partitioned, zombie) finds that its renewals and fenced writes match nothing.
 */
public interface LeaseStore {

    AcquireResult tryAcquire(LeaseRequest request, Duration ttl);

    /** Extends the lease if {@code lease} still holds it (same holder and token, not expired). */
    boolean renew(Lease lease, Duration ttl);

    /** Records progress on the lease, fenced like {@link #renew}. */
    boolean progress(Lease lease, int percent, String message);

    /** Frees the lease if {@code lease} still holds it; a zombie's release cannot free its successor's lease. */
    boolean release(Lease lease);

    /** The lease document as stored (possibly expired or released). */
    Optional<Lease> current();
}
