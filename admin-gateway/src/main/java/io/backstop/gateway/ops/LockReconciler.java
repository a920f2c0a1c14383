package io.backstop.gateway.ops;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Asks backup-service who holds the lock: once at start-up (retried until it answers), so a gateway started
 * mid-operation shows it, and whenever the lock has been quiet longer than {@code stale-after}, so a lock whose
 * "completed" event was lost clears itself. If backup-service cannot be asked, a held lock stays: refusing work a
 * little too long is safer than letting a restore be overrun.
 */
class LockReconciler {

    private static final Logger log = LoggerFactory.getLogger(LockReconciler.class);

    private final OpsLock lock;
    private final OpsEvents events;
    private final BackupLockClient backup;
    private final OpsProperties properties;
    private final AtomicBoolean initialised = new AtomicBoolean();
    private int failuresInARow;

    LockReconciler(OpsLock lock, OpsEvents events, BackupLockClient backup, OpsProperties properties) {
        this.lock = lock;
        this.events = events;
        this.backup = backup;
        this.properties = properties;
    }

    @Scheduled(initialDelay = 0, fixedDelay = 2000)
    void check() {
        if (initialised.get() && !lock.quietFor(properties.staleAfter())) {
            return;
        }
        BackupLockClient.Holder holder;
        try {
            holder = backup.current();
        } catch (RuntimeException unavailable) {
            // the services start together with the gateway: say it once, then about once a minute
            if (failuresInARow++ % 30 == 0) {
                log.warn(
                        "cannot ask backup-service for the lock holder (attempt {}, retrying every 2 s): {}",
                        failuresInARow,
                        unavailable.toString());
            }
            return;
        }
        failuresInARow = 0;
        initialised.set(true);
        if (lock.reconcile(holder, properties.staleAfter())) {
            log.info("lock reconciled with backup-service: {}", lock.view());
            events.lock(lock.view());
        }
    }

    @Scheduled(fixedDelayString = "${backstop.gateway.ops.heartbeat}")
    void heartbeat() {
        events.heartbeat();
    }
}
