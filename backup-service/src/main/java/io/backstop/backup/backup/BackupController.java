package io.backstop.backup.backup;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.backstop.backup.ApiExamples;
import io.backstop.backup.Roles;
import io.backstop.backup.ops.OperationView;
import io.backstop.contracts.Page;
import io.backstop.support.CurrentUser;

@Validated
@RestController
@RequestMapping("/api/backups")
class BackupController {

    private final BackupService backups;

    BackupController(BackupService backups) {
        this.backups = backups;
    }

    record CreateBackupRequest(@Size(max = 500) String description) {}

    record PinRequest(Boolean pinned) {}

    @Operation(
            summary = "List backups, newest first",
            description = "Paged: pass 'next' back as 'cursor' until it is null. 'status' (running, completed, "
                    + "failed) filters; a failed backup carries its 'error'.")
    @ApiResponse(
            responseCode = "200",
            description = "One page of backups",
            content = @Content(examples = @ExampleObject(value = ApiExamples.BACKUP_PAGE)))
    @GetMapping
    @PreAuthorize(Roles.READ)
    Page<BackupView> list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return backups.list(status, limit, cursor);
    }

    @Operation(
            summary = "Start a full backup",
            description = "Takes the global lock (409 while another operation holds it) and answers the backup as "
                    + "stored, running; its progress is on /api/ops/events and its outcome at "
                    + "GET /api/operations/{operationId}.")
    @ApiResponse(
            responseCode = "202",
            description = "The backup, running",
            content = @Content(examples = @ExampleObject(value = ApiExamples.BACKUP_STARTED)))
    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize(Roles.ADMIN)
    BackupView create(@RequestBody(required = false) @Valid CreateBackupRequest request) {
        return backups.start(BackupType.MANUAL, request == null ? null : request.description(), CurrentUser.name());
    }

    @Operation(summary = "Get one backup")
    @ApiResponse(
            responseCode = "200",
            description = "The backup",
            content = @Content(examples = @ExampleObject(value = ApiExamples.BACKUP_VIEW)))
    @GetMapping("/{id}")
    @PreAuthorize(Roles.READ)
    BackupView get(@PathVariable String id) {
        return backups.get(id);
    }

    @Operation(
            summary = "Verify a backup's files against its checksums and counts",
            description = "Answers the verification operation, ended: status failed with the problems when the "
                    + "backup is damaged. The backup's lastVerification is updated either way.")
    @ApiResponse(
            responseCode = "200",
            description = "The verification operation",
            content = @Content(examples = @ExampleObject(value = ApiExamples.VERIFIED)))
    @PostMapping("/{id}/verify")
    @PreAuthorize(Roles.ADMIN)
    OperationView verify(@PathVariable String id) {
        return backups.verify(id, CurrentUser.name());
    }

    @Operation(summary = "Pin or unpin a backup", description = "A pinned backup is never deleted by retention.")
    @ApiResponse(
            responseCode = "200",
            description = "The backup as it is now",
            content = @Content(examples = @ExampleObject(value = ApiExamples.BACKUP_VIEW)))
    @PostMapping("/{id}/pin")
    @PreAuthorize(Roles.ADMIN)
    BackupView pin(@PathVariable String id, @RequestBody(required = false) @Valid PinRequest request) {
        return backups.pin(id, request == null || request.pinned() == null || request.pinned());
    }

    @Operation(
            summary = "Delete a backup",
            description = "Refused (409) while it runs, while it is pinned, and for the newest completed backup.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize(Roles.ADMIN)
    void delete(@PathVariable String id) {
        backups.delete(id, CurrentUser.name());
    }
}
