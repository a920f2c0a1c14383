package io.backstop.audit.rollback;

import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.backstop.contracts.Topics;
import io.backstop.support.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;

@RestController
class RollbackController {

    private final RollbackService rollbacks;

    RollbackController(RollbackService rollbacks) {
        this.rollbacks = rollbacks;
    }

    /** Returns catalog-service's answer: the document as it now is. */
    @PostMapping("/api/audit/{collection}/{documentId}/rollback")
    @Operation(summary = "Make the document equal to an earlier version again (editor); audited as a rollback",
            tags = "Audit trail")
    @ApiResponse(responseCode = "403", description = "Your role may not roll back")
    @ApiResponse(responseCode = "404", description = "No such version")
    @ApiResponse(responseCode = "409", description = "The catalog changed around it (e.g. its parent is gone); detail says what to restore first")
    @ApiResponse(responseCode = "423", description = "A restore is running")
    @ApiResponse(responseCode = "502", description = "catalog-service failed; nothing was rolled back")
    @PreAuthorize("hasAnyRole('editor', 'admin')")
    Map<String, Object> rollback(@PathVariable String collection, @PathVariable String documentId,
                                 @Valid @RequestBody RollbackRequest request) {
        if (!Topics.CATALOG_COLLECTIONS.contains(collection)) {
            throw ApiException.badRequest("unknown collection '" + collection + "': use one of " + Topics.CATALOG_COLLECTIONS);
        }
        return rollbacks.rollback(collection, documentId, request.version(), request.reason());
    }
}
