package io.backstop.backup.backup;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

import io.backstop.backup.Roles;
import io.backstop.support.CurrentUser;

@Validated
@RestController
@RequestMapping("/api/backups")
class BackupController {

    private final BackupService backups;

    BackupController(BackupService backups) {
        this.backups = backups;
    }

    record CreateBackupRequest(@Size(max = 500) String description) {
    }

    record PinRequest(Boolean pinned) {
    }

    @GetMapping
    @PreAuthorize(Roles.READ)
    List<BackupView> list(@RequestParam(required = false) String status,
                          @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return backups.list(status, limit);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize(Roles.ADMIN)
    BackupService.Started create(@RequestBody(required = false) @Valid CreateBackupRequest request) {
        return backups.start(BackupType.MANUAL, request == null ? null : request.description(), CurrentUser.name());
    }

    @GetMapping("/{id}")
    @PreAuthorize(Roles.READ)
    BackupView get(@PathVariable String id) {
        return backups.get(id);
    }

    @PostMapping("/{id}/verify")
    @PreAuthorize(Roles.ADMIN)
    BackupService.VerifyResult verify(@PathVariable String id) {
        return backups.verify(id, CurrentUser.name());
    }

    @PostMapping("/{id}/pin")
    @PreAuthorize(Roles.ADMIN)
    BackupView pin(@PathVariable String id, @RequestBody(required = false) @Valid PinRequest request) {
        return backups.pin(id, request == null || request.pinned() == null || request.pinned());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize(Roles.ADMIN)
    void delete(@PathVariable String id) {
        backups.delete(id, CurrentUser.name());
    }
}
