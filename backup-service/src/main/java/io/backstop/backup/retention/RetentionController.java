package io.backstop.backup.retention;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.backstop.backup.ApiExamples;
import io.backstop.backup.Roles;
import io.backstop.backup.ops.OperationRecords;
import io.backstop.backup.ops.OperationView;
import io.backstop.contracts.Page;
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

    record CleanupRequest(Boolean dryRun) {}

    /**
     * The whole policy, replaced at once; {@code version} is the one last read (0 while the configured default
     * applies), so an admin never overwrites a change they have not seen.
     */
    record PolicyRequest(
            @NotNull(message = "is required: keep at least the newest backup") @Min(1) Integer keepLast,
            @Min(1) Integer maxAgeDays,
            @NotNull(message = "is required: the version you last read (0 for the configured default)") @PositiveOrZero
                    Long version) {}

    /** A missing {@code dryRun} means a dry run: deleting is never the default. */
    @Operation(
            summary = "Preview or run a cleanup by the retention policy",
            description = "'dryRun' (the default) answers the backups the policy would delete; with dryRun false "
                    + "they are deleted under the global lock and the answer is the cleanup operation, ended.")
    @ApiResponse(
            responseCode = "200",
            description = "The preview (dry run) or the cleanup operation",
            content =
                    @Content(
                            schema = @Schema(oneOf = {RetentionService.Preview.class, OperationView.class}),
                            examples = {
                                @ExampleObject(name = "dry run", value = ApiExamples.CLEANUP_PREVIEW),
                                @ExampleObject(name = "cleanup", value = ApiExamples.CLEANUP_DONE)
                            }))
    @PostMapping("/api/backups/cleanup")
    @PreAuthorize(Roles.ADMIN)
    ResponseEntity<?> cleanup(@RequestBody(required = false) CleanupRequest request) {
        boolean dryRun = request == null || request.dryRun() == null || request.dryRun();
        return ResponseEntity.ok(dryRun ? retention.preview() : retention.cleanup(CurrentUser.name()));
    }

    @Operation(
            summary = "Get the retention policy",
            description = "Version 0 is the configured default; name the version you read when you replace it.")
    @ApiResponse(
            responseCode = "200",
            description = "The policy",
            content = @Content(examples = @ExampleObject(value = ApiExamples.POLICY)))
    @GetMapping("/api/backups/retention")
    @PreAuthorize(Roles.READ)
    RetentionPolicyStore.Policy policy() {
        return policies.current();
    }

    @Operation(
            summary = "Replace the retention policy",
            description = "409 when someone changed it since the version you name; the answer is the new policy.")
    @ApiResponse(
            responseCode = "200",
            description = "The policy as stored",
            content = @Content(examples = @ExampleObject(value = ApiExamples.POLICY)))
    @PutMapping("/api/backups/retention")
    @PreAuthorize(Roles.ADMIN)
    RetentionPolicyStore.Policy replace(@RequestBody @Valid PolicyRequest request) {
        return policies.replace(request.version(), request.keepLast(), request.maxAgeDays(), CurrentUser.name());
    }

    /** The operations that deleted backups, newest first: cleanups, and backups whose retention deleted some. */
    @Operation(
            summary = "List the operations that deleted backups, newest first",
            description = "Cleanups (asked for or daily) and backups whose retention run deleted some; paged.")
    @ApiResponse(
            responseCode = "200",
            description = "One page of operations",
            content = @Content(examples = @ExampleObject(value = ApiExamples.CLEANUP_PAGE)))
    @GetMapping("/api/backups/cleanups")
    @PreAuthorize(Roles.READ)
    Page<OperationView> cleanups(
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return operations.deletions(limit, cursor);
    }
}
