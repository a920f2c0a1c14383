package io.backstop.backup.lock;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.ops.OperationRecords;
import io.backstop.backup.ops.OperationStatus;
import io.backstop.backup.progress.ProgressPublisher;
import io.backstop.contracts.OperationKind;

/**
 * Runs backups, restores, point-in-time restores and cleanups one at a time across every replica: takes the lease,
 * heart-beats it, records the operation, publishes progress and always ends in completed or failed.
 */
public class CriticalOps implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CriticalOps.class);

    private final LeaseStore leases;
    private final OperationRecords records;
    private final ProgressPublisher progress;
    private final List<TakeoverHandler> takeoverHandlers;
    private final Duration heartbeat;
    private final Duration staleAfter;
    private final String instance;
    private final ScheduledExecutorService heartbeats;
    private final ExecutorService workers;
    private final List<OperationListener> listeners;

    public CriticalOps(LeaseStore leases, OperationRecords records, ProgressPublisher progress,
                       List<TakeoverHandler> takeoverHandlers, BackupProperties.Lock lock, String instance) {
        this(leases, records, progress, takeoverHandlers, lock, instance, List.of());
    }

    public CriticalOps(LeaseStore leases, OperationRecords records, ProgressPublisher progress,
                       List<TakeoverHandler> takeoverHandlers, BackupProperties.Lock lock, String instance,
                       List<OperationListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.leases = leases;
        this.records = records;
        this.progress = progress;
        this.takeoverHandlers = List.copyOf(takeoverHandlers);
        this.heartbeat = lock.heartbeat();
        this.staleAfter = lock.staleAfter();
        this.instance = instance;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "lease-heartbeat"));
        this.workers = Executors.newCachedThreadPool(r -> daemon(r, "critical-op"));
    }

    public static String defaultInstance() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        }
        catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid() + ":"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    public String instance() {
        return instance;
    }

    /** Work done while holding the lease; the result's map becomes the operation record's details. */
    @FunctionalInterface
    public interface Work {
        Map<String, Object> run(OperationContext ctx) throws Exception;
    }

    /**
     * Takes the lease (or throws {@link LockHeldException}), runs {@code preflight} in the caller's thread (an
     * exception there fails the operation and reaches the caller, e.g. a corrupt backup refused before anything
     * changes), then runs {@code body} on a worker thread and returns at once.
     */
    public OperationContext startAsync(String operationId, OperationKind kind, String startedBy, String reason,
                                       Work preflight, Work body) {
        OperationContext ctx = begin(operationId, kind, startedBy, reason);
        try {
            if (preflight != null) {
                preflight.run(ctx);
            }
        }
        catch (Exception e) {
            end(ctx, e, null);
            throw sneaky(e);
        }
        workers.execute(() -> {
            try {
                end(ctx, null, body.run(ctx));
            }
            catch (Exception e) {
                end(ctx, e, null);
            }
        });
        return ctx;
    }

    /** Takes the lease and runs {@code body} in the caller's thread. */
    public Map<String, Object> runSync(String operationId, OperationKind kind, String startedBy, String reason,
                                       Work body) {
        OperationContext ctx = begin(operationId, kind, startedBy, reason);
        try {
            Map<String, Object> result = body.run(ctx);
            end(ctx, null, result);
            return result;
        }
        catch (Exception e) {
            end(ctx, e, null);
            throw sneaky(e);
        }
    }

    /** The operation's record as stored now: what an endpoint that started it answers. */
    public io.backstop.backup.ops.OperationView view(String operationId) {
        return records.find(operationId);
    }

    public Optional<Lease> current() {
        return leases.current();
    }

    private OperationContext begin(String operationId, OperationKind kind, String startedBy, String reason) {
        LeaseRequest request = new LeaseRequest(instance, operationId, kind.value(), startedBy);
        AcquireResult result = leases.tryAcquire(request, staleAfter);
        if (result instanceof AcquireResult.Held held) {
            throw new LockHeldException(held.current());
        }
        AcquireResult.Acquired acquired = (AcquireResult.Acquired) result;
        Lease lease = acquired.lease();
        if (acquired.takenOverFrom() != null) {
            Lease dead = acquired.takenOverFrom();
            log.warn("Took the lease over from {} (operation {} {}, last heartbeat {}): marking it failed",
                    dead.holder(), dead.kind(), dead.operationId(), dead.heartbeatAt());
            orphaned(dead.operationId(), lease.token(), TakeoverHandler.LEASE_LOST + " (" + dead.holder()
                    + " stopped heart-beating at " + dead.heartbeatAt() + ")");
        }
        OperationContext ctx = new OperationContext(lease, leases, records, progress);
        try {
            records.started(operationId, kind, reason, startedBy, lease.token());
        }
        catch (RuntimeException e) {
            leases.release(lease);
            throw e;
        }
        ScheduledFuture<?> beat = heartbeats.scheduleWithFixedDelay(() -> beat(ctx), heartbeat.toMillis(),
                heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        beats.put(operationId, beat);
        progress.publish(operationId, kind, "started", 0, kind.value() + " started", startedBy, lease.startedAt(), null);
        return ctx;
    }

    private final Map<String, ScheduledFuture<?>> beats = new java.util.concurrent.ConcurrentHashMap<>();

    /** Marks a dead holder's operation failed through every handler; each handler's failure is logged, not fatal. */
    public void orphaned(String operationId, long newFence, String reason) {
        if (records.failOrphan(operationId, newFence, reason)) {
            io.backstop.backup.ops.OperationView view = records.find(operationId);
            if (view != null) {
                progress.publish(operationId, view.kind(), "failed", view.percent(), reason, view.startedBy(),
                        view.startedAt(), reason);
            }
        }
        for (TakeoverHandler handler : takeoverHandlers) {
            try {
                handler.orphaned(operationId, newFence, reason);
            }
            catch (RuntimeException e) {
                log.error("Cleanup of orphaned operation {} by {} failed", operationId, handler, e);
            }
        }
    }

    private void beat(OperationContext ctx) {
        if (ctx.lost()) {
            return;
        }
        try {
            if (leases.renew(ctx.lease(), staleAfter)) {
                ctx.heartbeat();
            }
            else {
                log.error("Operation {} lost its lease: it stops at its next checkpoint", ctx.operationId());
                ctx.markLost();
            }
        }
        catch (RuntimeException e) {
            // a failed renewal is not yet a lost lease: the next beat retries until the stale limit
            log.warn("Heartbeat of {} failed: {}", ctx.operationId(), e.toString());
        }
    }

    private void end(OperationContext ctx, Exception failure, Map<String, Object> details) {
        ScheduledFuture<?> beat = beats.remove(ctx.operationId());
        if (beat != null) {
            beat.cancel(false);
        }
        String error = failure == null ? null : message(failure);
        OperationStatus status = failure == null ? OperationStatus.COMPLETED : OperationStatus.FAILED;
        if (failure != null && !(failure instanceof io.backstop.support.ApiException)) {
            log.error("Operation {} {} failed", ctx.kind(), ctx.operationId(), failure);
        }
        try {
            boolean recorded = records.finished(ctx.operationId(), ctx.fence(), status, error,
                    details == null ? null : new Document(details));
            if (!recorded) {
                log.warn("Operation {} could not record its end: its lease was taken over", ctx.operationId());
            }
            progress.publish(ctx.operationId(), ctx.kind(), status.value(), 100,
                    ctx.kind().value() + (failure == null ? " completed" : " failed"), ctx.startedBy(),
                    ctx.startedAt(), error);
        }
        finally {
            leases.release(ctx.lease());
        }
        OperationOutcome outcome = new OperationOutcome(ctx.operationId(), ctx.kind(), ctx.startedBy(),
                ctx.startedAt(), java.time.Instant.now(), failure == null, error,
                details == null ? Map.of() : java.util.Collections.unmodifiableMap(withoutNulls(details)));
        for (OperationListener listener : listeners) {
            try {
                listener.ended(outcome);
            }
            catch (RuntimeException e) {
                log.warn("Listener {} failed on the end of {}: {}", listener, ctx.operationId(), e.toString());
            }
        }
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> details) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        details.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> RuntimeException sneaky(Exception e) throws E {
        throw (E) e;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops heart-beating without releasing: what a crash looks like to the other replicas. */
    @Override
    public void close() {
        heartbeats.shutdownNow();
        workers.shutdownNow();
    }
}
