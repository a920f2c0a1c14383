package io.backstop.backup.compare;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.backstop.backup.ApiExamples;
import io.backstop.backup.Roles;
import io.backstop.contracts.Page;

@RestController
class CompareController {

    private final CompareService compare;

    CompareController(CompareService compare) {
        this.compare = compare;
    }

    @Operation(
            summary = "Compare a backup with the live catalog or another backup",
            description = "Every document that differs from the backup to 'with' ('live' or a backup id), by "
                    + "collection then id, with its name; a changed one with its field-level diff. Paged: follow "
                    + "'next' to read every difference; 'total' counts them all.")
    @ApiResponse(
            responseCode = "200",
            description = "One page of differences",
            content = @Content(examples = @ExampleObject(value = ApiExamples.COMPARE_PAGE)))
    @GetMapping("/api/backups/{id}/compare")
    @PreAuthorize(Roles.READ)
    Page<CompareService.Difference> compare(
            @PathVariable String id,
            @RequestParam(required = false) String with,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return compare.compare(id, with, limit, cursor);
    }
}
