package io.backstop.gateway.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.backstop.contracts.ProgressEvent;

/**
 * The blocking operation currently running anywhere, as this gateway instance knows it from the progress topic and
 * from backup-service. Every method is one short critical section.
 */
public final class OpsLock {

    public record Operation(
            String operationId,
            String kind,
            String phase,
            int percent,
            String message,
            String startedBy,
            Instant startedAt,
            String error) {}

    public record View(boolean locked, Operation operation) {
        static final View FREE = new View(false, null);
    }

    private static final int REMEMBERED_FINISHED = 256;

    private final Clock clock;
    // finished operations, so a late or re-delivered "running" event cannot resurrect a lock
    private final Set<String> finished = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_FINISHED;
        }
    });
    private Operation current;
    private Instant lastSeen;

    public OpsLock(Clock clock) {
        this.clock = clock;
    }

    /** Applies one progress event; true if the lock changed (taken, progressed, or released). */
    public synchronized boolean apply(ProgressEvent event) {
        if (!event.blocking() || event.operationId() == null) {
            return false;
        }
        if (event.terminal()) {
            finished.add(event.operationId());
            if (current != null && current.operationId().equals(event.operationId())) {
                current = null;
                lastSeen = null;
                return true;
            }
            return false;
        }
        if (finished.contains(event.operationId())) {
            return false;
        }
        current = new Operation(
                event.operationId(),
                event.kind(),
                event.phase(),
                event.percent(),
                event.message(),
                event.startedBy(),
                event.startedAt(),
                event.error());
        lastSeen = clock.instant();
        return true;
    }

    /**
     * Reconciles with what backup-service says it holds: adopts a holder this instance has not heard of (a gateway
     * started mid-operation), keeps a known one alive with backup-service's latest progress, and drops a lock
     * backup-service no longer holds.
     * Called at start-up and when the lock has been quiet for too long; a lock that had an event within
     * {@code staleAfter} is never dropped, since that event may be newer than backup-service's answer.
     *
     * @return true if the lock changed
     */
    public synchronized boolean reconcile(BackupLockClient.Holder holder, Duration staleAfter) {
        if (holder.holds() && !finished.contains(holder.operationId())) {
            lastSeen = clock.instant();
            Operation held = new Operation(
                    holder.operationId(),
                    holder.kind(),
                    ProgressEvent.RUNNING,
                    holder.percentOrZero(),
                    holder.message(),
                    holder.startedBy(),
                    holder.startedAt(),
                    null);
            if (held.equals(current)) {
                return false;
            }
            current = held;
            return true;
        }
        if (current != null && lastSeen.plus(staleAfter).isBefore(clock.instant())) {
            current = null;
            lastSeen = null;
            return true;
        }
        return false;
    }

    public synchronized boolean quietFor(Duration duration) {
        return current != null && lastSeen.plus(duration).isBefore(clock.instant());
    }

    public synchronized View view() {
        return current == null ? View.FREE : new View(true, current);
    }
}
