package io.backstop.backup.lock;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.backstop.backup.ops.OperationRecords;
import io.backstop.backup.progress.ProgressPublisher;
import io.backstop.contracts.OperationKind;
import io.backstop.support.lease.Lease;
import io.backstop.support.lease.LeaseStore;

/** What a running critical operation knows about itself: who it is, its fencing token, and how to report progress. */
public final class OperationContext {

    private final LeaseStore leases;
    private final OperationRecords records;
    private final ProgressPublisher progress;
    private final List<Consumer<OperationContext>> heartbeatListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean lost = new AtomicBoolean();
    private volatile Lease lease;

    OperationContext(Lease lease, LeaseStore leases, OperationRecords records, ProgressPublisher progress) {
        this.lease = lease;
        this.leases = leases;
        this.records = records;
        this.progress = progress;
    }

    public String operationId() {
        return lease.operationId();
    }

    public OperationKind kind() {
        return OperationKind.of(lease.kind());
    }

    public String startedBy() {
        return lease.startedBy();
    }

    public Instant startedAt() {
        return lease.startedAt();
    }

    /** The fencing token: every state write of this operation carries it in its filter. */
    public long fence() {
        return lease.token();
    }

    Lease lease() {
        return lease;
    }

    /** Throws unless the lease is still ours; call before every batch of writes outside the backup database. */
    public void ensureHeld() {
        if (lost.get()) {
            throw new LeaseLostException(operationId());
        }
    }

    public boolean lost() {
        return lost.get();
    }

    void markLost() {
        lost.set(true);
    }

    /** Runs {@code listener} after every successful heartbeat (e.g. to renew the write freeze). */
    public void onHeartbeat(Consumer<OperationContext> listener) {
        heartbeatListeners.add(listener);
    }

    void heartbeat() {
        heartbeatListeners.forEach(l -> l.accept(this));
    }

    /** Reports progress; a fenced write that matches nothing means the lease is gone, and the operation stops. */
    public void progress(int percent, String message) {
        ensureHeld();
        if (!leases.progress(lease, percent, message) || !records.progress(operationId(), fence(), percent, message)) {
            markLost();
            throw new LeaseLostException(operationId());
        }
        progress.publish(operationId(), kind(), "running", percent, message, startedBy(), startedAt(), null);
    }
}
