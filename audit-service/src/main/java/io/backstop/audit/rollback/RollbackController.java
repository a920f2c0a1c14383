package io.backstop.audit.rollback;

import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.backstop.contracts.Topics;
import io.backstop.support.ApiException;
import jakarta.validation.Valid;

@RestController
class RollbackController {

    private final RollbackService rollbacks;

    RollbackController(RollbackService rollbacks) {
        this.rollbacks = rollbacks;
    }

    /** Returns catalog-service's answer: the document as it now is. */
    @PostMapping("/api/audit/{collection}/{documentId}/rollback")
    @PreAuthorize("hasAnyRole('editor', 'admin')")
    Map<String, Object> rollback(@PathVariable String collection, @PathVariable String documentId,
                                 @Valid @RequestBody RollbackRequest request) {
        if (!Topics.CATALOG_COLLECTIONS.contains(collection)) {
            throw ApiException.badRequest("unknown collection '" + collection + "': use one of " + Topics.CATALOG_COLLECTIONS);
        }
        return rollbacks.rollback(collection, documentId, request.version(), request.reason());
    }
}
