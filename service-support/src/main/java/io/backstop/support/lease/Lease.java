package io.backstop.support.lease;

import java.time.Instant;

/**
 * A snapshot of the lease document.
 *
 * @param holder      unique per acquisition ({@code <instance>/<operationId>}), so a replica never re-enters its own lease
 * @param instance    the replica (host and process) holding it, for people
 * @param token       fencing token: increases on every acquisition; every state write of the holder carries it
 * @param operationId null once released
 */
public record Lease(
        String holder,
        String instance,
        long token,
        String operationId,
        String kind,
        String startedBy,
        Instant startedAt,
        Instant heartbeatAt,
        Instant expiresAt,
        int percent,
        String message) {

    public boolean activeAt(Instant now) {
        return operationId != null && expiresAt != null && expiresAt.isAfter(now);
    }
}
