package io.backstop.backup.restore;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.backstop.backup.ApiExamples;
import io.backstop.backup.Roles;
import io.backstop.backup.ops.OperationView;
import io.backstop.support.CurrentUser;

@RestController
class RestoreController {

    private final RestoreService restores;

    RestoreController(RestoreService restores) {
        this.restores = restores;
    }

    @Operation(
            summary = "Restore the catalog from a backup",
            description = "'confirm' must repeat the backup id. The backup is verified first (422 when damaged, "
                    + "nothing changed), a pre-restore backup is taken, then the catalog is made as in the backup. "
                    + "Answers the restore operation, running; its outcome (per-collection counts, "
                    + "preRestoreBackupId) is at GET /api/operations/{id} once it ends.")
    @ApiResponse(
            responseCode = "202",
            description = "The restore operation, running",
            content = @Content(examples = @ExampleObject(value = ApiExamples.RESTORE_STARTED)))
    @PostMapping("/api/backups/{id}/restore")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize(Roles.ADMIN)
    OperationView restore(@PathVariable String id, @RequestBody @Valid RestoreRequest request) {
        return restores.restore(id, request, CurrentUser.name(), CurrentUser.requestId());
    }
}
