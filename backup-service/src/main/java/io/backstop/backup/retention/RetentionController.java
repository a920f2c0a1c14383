package io.backstop.backup.retention;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.backstop.backup.Roles;
import io.backstop.backup.ops.OperationRecords;
import io.backstop.support.CurrentUser;

@Validated
@RestController
class RetentionController {

    private final RetentionService retention;
    private final RetentionPolicyStore policies;
    private final OperationRecords operations;

    RetentionController(RetentionService retention, RetentionPolicyStore policies, OperationRecords operations) {
        this.retention = retention;
        this.policies = policies;
        this.operations = operations;
    }

    record CleanupRequest(Boolean dryRun) {
    }

    /**
     * The whole policy, replaced at once; {@code version} is the one last read (0 while the configured default
     * applies), so an admin never overwrites a change they have not seen.
     */
    record PolicyRequest(@NotNull(message = "is required: keep at least the newest backup") @Min(1) Integer keepLast,
                         @Min(1) Integer maxAgeDays,
                         @NotNull(message = "is required: the version you last read (0 for the configured default)")
                         @PositiveOrZero Long version) {
    }

    /** A missing {@code dryRun} means a dry run: deleting is never the default. */
    @PostMapping("/api/backups/cleanup")
    @PreAuthorize(Roles.ADMIN)
    RetentionService.Result cleanup(@RequestBody(required = false) CleanupRequest request) {
        boolean dryRun = request == null || request.dryRun() == null || request.dryRun();
        return retention.cleanup(dryRun, CurrentUser.name());
    }

    @GetMapping("/api/backups/retention")
    @PreAuthorize(Roles.READ)
    RetentionPolicyStore.Policy policy() {
        return policies.current();
    }

    @PutMapping("/api/backups/retention")
    @PreAuthorize(Roles.ADMIN)
    RetentionPolicyStore.Policy replace(@RequestBody @Valid PolicyRequest request) {
        return policies.replace(request.version(), request.keepLast(), request.maxAgeDays(), CurrentUser.name());
    }

    /** The operations that deleted backups, newest first: cleanups, and backups whose retention deleted some. */
    @GetMapping("/api/backups/cleanups")
    @PreAuthorize(Roles.READ)
    List<OperationRecords.OperationView> cleanups(@RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        return operations.deletions(limit);
    }
}
