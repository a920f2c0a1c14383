package io.backstop.backup.restore;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.backstop.backup.Roles;
import io.backstop.support.CurrentUser;

@RestController
class RestoreController {

    private final RestoreService restores;

    RestoreController(RestoreService restores) {
        this.restores = restores;
    }

    @PostMapping("/api/backups/{id}/restore")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize(Roles.ADMIN)
    RestoreService.Accepted restore(@PathVariable String id, @RequestBody @Valid RestoreRequest request) {
        return restores.restore(id, request, CurrentUser.name(), CurrentUser.requestId());
    }
}
