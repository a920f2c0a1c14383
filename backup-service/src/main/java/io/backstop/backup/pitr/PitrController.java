package io.backstop.backup.pitr;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.backstop.backup.Roles;
import io.backstop.support.CurrentUser;

@RestController
class PitrController {

    private final PitrService pitr;

    PitrController(PitrService pitr) {
        this.pitr = pitr;
    }

    /** A dry run answers 200 with the preview; a confirmed run 202 with the operation id. */
    @PostMapping("/api/backups/pitr")
    @PreAuthorize(Roles.ADMIN)
    ResponseEntity<PitrService.Result> pitr(@RequestBody @Valid PitrRequest request) {
        PitrService.Result result = pitr.run(request, CurrentUser.name(), CurrentUser.requestId());
        return result.dryRun() ? ResponseEntity.ok(result) : ResponseEntity.accepted().body(result);
    }
}
