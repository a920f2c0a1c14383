package io.backstop.backup.compare;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.backstop.backup.Roles;

@RestController
class CompareController {

    private final CompareService compare;

    CompareController(CompareService compare) {
        this.compare = compare;
    }

    @GetMapping("/api/backups/{id}/compare")
    @PreAuthorize(Roles.READ)
    CompareService.Comparison compare(@PathVariable String id, @RequestParam(required = false) String with,
                                      @RequestParam(required = false) Integer limit) {
        return compare.compare(id, with, limit);
    }
}
