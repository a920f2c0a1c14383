package io.backstop.backup.pitr;

import java.time.Instant;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.backstop.backup.ApiExamples;
import io.backstop.backup.Roles;
import io.backstop.backup.ops.OperationView;
import io.backstop.support.CurrentUser;

@RestController
class PitrController {

    private final PitrService pitr;

    PitrController(PitrService pitr) {
        this.pitr = pitr;
    }

    /** A dry run answers 200 with the preview; a confirmed run 202 with the operation it started. */
    @Operation(
            summary = "Preview or start a point-in-time restore",
            description = "Restores the catalog as it was at 'at': the newest completed backup started before it, "
                    + "plus the audit trail up to it. 'dryRun' (the default) answers what would change; "
                    + "with dryRun false and 'confirm' repeating 'at' exactly, the restore starts and the answer "
                    + "is its operation (follow it at GET /api/operations/{id}).")
    @ApiResponse(
            responseCode = "200",
            description = "The preview of a dry run",
            content =
                    @Content(
                            schema = @Schema(implementation = PitrService.Preview.class),
                            examples = @ExampleObject(value = ApiExamples.PITR_PREVIEW)))
    @ApiResponse(
            responseCode = "202",
            description = "The point-in-time restore operation, started",
            content =
                    @Content(
                            schema = @Schema(implementation = OperationView.class),
                            examples = @ExampleObject(value = ApiExamples.PITR_STARTED)))
    @PostMapping("/api/backups/pitr")
    @PreAuthorize(Roles.ADMIN)
    ResponseEntity<?> pitr(@RequestBody @Valid PitrRequest request) {
        Instant at = pitr.at(request);
        if (request.dryRun() == null || request.dryRun()) {
            return ResponseEntity.ok(pitr.preview(at));
        }
        return ResponseEntity.accepted().body(pitr.start(request, at, CurrentUser.name(), CurrentUser.requestId()));
    }
}
