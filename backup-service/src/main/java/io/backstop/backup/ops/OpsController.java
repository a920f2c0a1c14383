package io.backstop.backup.ops;

import java.time.Instant;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.backstop.backup.Roles;
import io.backstop.backup.lock.CriticalOps;
import io.backstop.support.lease.Lease;

@RestController
class OpsController {

    private final CriticalOps ops;

    OpsController(CriticalOps ops) {
        this.ops = ops;
    }

    /** The lock as the gateway shows it: {@code held=false} when free or expired. */
    record LockView(
            boolean held,
            String operationId,
            String kind,
            String startedBy,
            Instant startedAt,
            String holder,
            String instance,
            long token,
            int percent,
            String message,
            Instant heartbeatAt,
            Instant expiresAt) {}

    @GetMapping("/internal/ops/lock")
    @PreAuthorize(Roles.READ)
    LockView lock() {
        Lease lease = ops.current().orElse(null);
        if (lease == null || !lease.activeAt(Instant.now())) {
            return new LockView(
                    false, null, null, null, null, null, null, lease == null ? 0 : lease.token(), 0, null, null, null);
        }
        return new LockView(
                true,
                lease.operationId(),
                lease.kind(),
                lease.startedBy(),
                lease.startedAt(),
                lease.holder(),
                lease.instance(),
                lease.token(),
                lease.percent(),
                lease.message(),
                lease.heartbeatAt(),
                lease.expiresAt());
    }
}
