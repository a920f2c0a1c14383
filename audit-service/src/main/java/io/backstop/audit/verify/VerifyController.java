package io.backstop.audit.verify;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/audit/verify}: recomputes both chains of the trail now (admin). {@code GET /api/audit/verify/latest}:
 * the result of the latest run, scheduled or asked for, without running one (it runs one when there was none yet).
 */
@RestController
@PreAuthorize("hasRole('admin')")
class VerifyController {

    private final TrailVerifier verifier;

    VerifyController(TrailVerifier verifier) {
        this.verifier = verifier;
    }

    @GetMapping("/api/audit/verify")
    Verification verify() {
        return verifier.verify();
    }

    @GetMapping("/api/audit/verify/latest")
    Verification latest() {
        Verification last = verifier.last();
        return last != null ? last : verifier.verify();
    }
}
