package io.backstop.audit.rollback;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.backstop.contracts.Topics;
import io.backstop.support.ApiException;
import io.backstop.support.NothingChanged;

@RestController
class RollbackController {

    private final RollbackService rollbacks;

    RollbackController(RollbackService rollbacks) {
        this.rollbacks = rollbacks;
    }

    /** Answers the document as catalog-service answered the revert: its new state, as the catalog GET shows it. */
    @PostMapping("/api/audit/{collection}/{documentId}/rollback")
    @Operation(
            summary = "Make the document equal to an earlier version again (editor); audited as a rollback",
            description = "'expectedVersion' (required) is the document's version you previewed the rollback against"
                    + " (its latest version in the history; for a deleted document, the version of its delete). If the"
                    + " document changed since, nothing is written and the answer is 409. Rolling back to the state the"
                    + " document is in writes nothing: 200 with its current version and the header "
                    + NothingChanged.HEADER + ": " + NothingChanged.VALUE + ", no new version and no audit entry."
                    + " The answer is the document's new state, the same record GET /api/catalog/{collection}/{id}"
                    + " answers; a rollback to before the document existed deletes it and answers its last state with"
                    + " deleted: true.",
            tags = "Audit trail")
    @ApiResponse(
            responseCode = "200",
            description = "Rolled back, or nothing to change (header " + NothingChanged.HEADER + "): the document",
            content =
                    @Content(
                            mediaType = "application/json",
                            examples = @ExampleObject(value = RolledBackDocument.EXAMPLE)))
    @ApiResponse(responseCode = "400", description = "Invalid body, e.g. no expectedVersion; 'errors' names the field")
    @ApiResponse(responseCode = "403", description = "Your role may not roll back")
    @ApiResponse(responseCode = "404", description = "No such version")
    @ApiResponse(
            responseCode = "409",
            description = "The document changed since expectedVersion ('currentVersion' and"
                    + " 'changedFields' say how: preview again), or the catalog changed around it (e.g. its parent is gone);"
                    + " detail says what to restore first")
    @ApiResponse(responseCode = "423", description = "A restore is running")
    @ApiResponse(responseCode = "502", description = "catalog-service failed; nothing was rolled back")
    @PreAuthorize("hasAnyRole('editor', 'admin')")
    ResponseEntity<RolledBackDocument> rollback(
            @PathVariable String collection,
            @PathVariable String documentId,
            @Valid @RequestBody RollbackRequest request) {
        if (!Topics.CATALOG_COLLECTIONS.contains(collection)) {
            throw ApiException.badRequest(
                    "unknown collection '" + collection + "': use one of " + Topics.CATALOG_COLLECTIONS);
        }
        Reverted r = rollbacks.rollback(
                collection, documentId, request.version(), request.expectedVersion(), request.reason());
        return NothingChanged.ok(r.changed()).body(r.document());
    }
}
