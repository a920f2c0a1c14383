package io.backstop.backup.retention;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.backstop.backup.Roles;
import io.backstop.support.CurrentUser;

@RestController
class CleanupController {

    private final RetentionService retention;

    CleanupController(RetentionService retention) {
        this.retention = retention;
    }

    record CleanupRequest(Boolean dryRun) {
    }

    /** A missing {@code dryRun} means a dry run: deleting is never the default. */
    @PostMapping("/api/backups/cleanup")
    @PreAuthorize(Roles.ADMIN)
    RetentionService.Result cleanup(@RequestBody(required = false) CleanupRequest request) {
        boolean dryRun = request == null || request.dryRun() == null || request.dryRun();
        return retention.cleanup(dryRun, CurrentUser.name());
    }
}
