package io.backstop.backup.lock;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.ops.OperationRecords;
import io.backstop.backup.ops.OperationStatus;
import io.backstop.backup.ops.OperationView;
import io.backstop.backup.progress.ProgressPublisher;
import io.backstop.contracts.OperationKind;
import io.backstop.support.lease.AcquireResult;
import io.backstop.support.lease.Lease;
import io.backstop.support.lease.LeaseRequest;
import io.backstop.support.lease.LeaseStore;

/**
 * Runs backups, restores, point-in-time restores and cleanups one at a time across every replica: takes the lease,
 * heart-beats it, records the operation, publishes progress and always ends in completed or failed.
 *
 * <p>The heartbeats and the workers are Spring's pools (see {@code LockConfiguration}). {@link #close()} waits for
 * the operations under way; Spring calls it before it closes what they need (the heartbeats, MongoDB, Kafka).
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
    private final TaskScheduler heartbeats;
    private final ThreadPoolTaskExecutor workers;
    private final List<OperationListener> listeners;
    private final Clock clock;
    private final Map<String, ScheduledFuture<?>> beats = new ConcurrentHashMap<>();

    public CriticalOps(
            LeaseStore leases,
            OperationRecords records,
            ProgressPublisher progress,
            List<TakeoverHandler> takeoverHandlers,
            BackupProperties.Lock lock,
            String instance,
            List<OperationListener> listeners,
            Clock clock,
            TaskScheduler heartbeats,
            ThreadPoolTaskExecutor workers) {
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
        this.leases = leases;
        this.records = records;
        this.progress = progress;
        this.takeoverHandlers = List.copyOf(takeoverHandlers);
        this.heartbeat = lock.heartbeat();
        this.staleAfter = lock.staleAfter();
        this.instance = instance;
        this.heartbeats = heartbeats;
        this.workers = workers;
    }

    public static String defaultInstance() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
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
     *
     * @throws OperationFailedException when {@code preflight} threw a checked exception (a runtime one, such as an
     *                                  {@code ApiException}, reaches the caller as it is)
     */
    public OperationContext startAsync(
            String operationId, OperationKind kind, String startedBy, String reason, Work preflight, Work body) {
        OperationContext ctx = begin(operationId, kind, startedBy, reason);
        try {
            if (preflight != null) {
                preflight.run(ctx);
            }
        } catch (Exception e) {
            end(ctx, e, null);
            throw unchecked(ctx, e);
        }
        try {
            workers.execute(() -> {
                try {
                    end(ctx, null, body.run(ctx));
                } catch (Exception e) {
                    end(ctx, e, null);
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        } catch (TaskRejectedException e) {
            // shutting down: fail the operation and free the lease rather than leave it held by nothing
            end(ctx, e, null);
            throw e;
        }
        return ctx;
    }

    /**
     * Takes the lease and runs {@code body} in the caller's thread.
     *
     * @throws OperationFailedException when {@code body} threw a checked exception
     */
    public Map<String, Object> runSync(
            String operationId, OperationKind kind, String startedBy, String reason, Work body) {
        OperationContext ctx = begin(operationId, kind, startedBy, reason);
        try {
            Map<String, Object> result = body.run(ctx);
            end(ctx, null, result);
            return result;
        } catch (Exception e) {
            end(ctx, e, null);
            throw unchecked(ctx, e);
        }
    }

    /** A runtime exception as it is; a checked one wrapped, with the interrupt flag restored for an interruption. */
    private static RuntimeException unchecked(OperationContext ctx, Exception e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new OperationFailedException(ctx.kind(), ctx.operationId(), e);
    }

    /** The operation's record as stored now: what an endpoint that started it answers. */
    public OperationView view(String operationId) {
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
            log.warn(
                    "Took the lease over from {} (operation {} {}, last heartbeat {}): marking it failed",
                    dead.holder(),
                    dead.kind(),
                    dead.operationId(),
                    dead.heartbeatAt());
            orphaned(
                    dead.operationId(),
                    lease.token(),
                    TakeoverHandler.LEASE_LOST + " (" + dead.holder() + " stopped heart-beating at "
                            + dead.heartbeatAt() + ")");
        }
        OperationContext ctx = new OperationContext(lease, leases, records, progress);
        try {
            records.started(operationId, kind, reason, startedBy, lease.token());
        } catch (RuntimeException e) {
            leases.release(lease);
            throw e;
        }
        ScheduledFuture<?> beat = heartbeats.scheduleWithFixedDelay(
                () -> beat(ctx), heartbeats.getClock().instant().plus(heartbeat), heartbeat);
        beats.put(operationId, beat);
        progress.publish(
                operationId, kind, "started", 0, kind.value() + " started", startedBy, lease.startedAt(), null);
        return ctx;
    }

    /** Marks a dead holder's operation failed through every handler; each handler's failure is logged, not fatal. */
    public void orphaned(String operationId, long newFence, String reason) {
        if (records.failOrphan(operationId, newFence, reason)) {
            io.backstop.backup.ops.OperationView view = records.find(operationId);
            if (view != null) {
                progress.publish(
                        operationId,
                        view.kind(),
                        "failed",
                        view.percent(),
                        reason,
                        view.startedBy(),
                        view.startedAt(),
                        reason);
            }
        }
        for (TakeoverHandler handler : takeoverHandlers) {
            try {
                handler.orphaned(operationId, newFence, reason);
            } catch (RuntimeException e) {
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
            } else {
                log.error("Operation {} lost its lease: it stops at its next checkpoint", ctx.operationId());
                ctx.markLost();
            }
        } catch (RuntimeException e) {
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
            boolean recorded = records.finished(
                    ctx.operationId(), ctx.fence(), status, error, details == null ? null : new Document(details));
            if (!recorded) {
                log.warn("Operation {} could not record its end: its lease was taken over", ctx.operationId());
            }
            progress.publish(
                    ctx.operationId(),
                    ctx.kind(),
                    status.value(),
                    100,
                    ctx.kind().value() + (failure == null ? " completed" : " failed"),
                    ctx.startedBy(),
                    ctx.startedAt(),
                    error);
        } finally {
            leases.release(ctx.lease());
        }
        OperationOutcome outcome = new OperationOutcome(
                ctx.operationId(),
                ctx.kind(),
                ctx.startedBy(),
                ctx.startedAt(),
                clock.instant(),
                failure == null,
                error,
                details == null ? Map.of() : Collections.unmodifiableMap(withoutNulls(details)));
        for (OperationListener listener : listeners) {
            try {
                listener.ended(outcome);
            } catch (RuntimeException e) {
                log.warn("Listener {} failed on the end of {}: {}", listener, ctx.operationId(), e.toString());
            }
        }
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> details) {
        Map<String, Object> copy = new LinkedHashMap<>();
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

    /**
     * Refuses new operations and waits, as long as the workers' pool allows, for those under way to end and record
     * how they ended. One that outlasts the wait stops with the process; its lease goes stale and the next holder
     * marks it failed, as after a crash.
     */
    @Override
    public void close() {
        workers.shutdown();
    }
}
