package io.backstop.audit.materialize;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/audit/reconcile}: one reconcile pass now, answered when it has finished. backup-service calls
 * it before every backup so that the trail agrees with what the dump is about to read. Not routed by the gateway.
 */
@RestController
class ReconcileController {

    private final Reconciler reconciler;

    ReconcileController(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @PostMapping("/internal/audit/reconcile")
    @PreAuthorize("hasRole('admin')")
    Reconciler.Report reconcile() {
        return reconciler.reconcile();
    }
}
