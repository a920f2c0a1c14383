package io.backstop.catalog.revert;

import java.util.Map;

import org.bson.Document;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.backstop.catalog.api.Attributions;
import io.backstop.catalog.api.Kind;
import io.backstop.contracts.Actions;
import io.backstop.outbox.WriteResult;
import io.backstop.support.NothingChanged;

import jakarta.validation.Valid;

/** Internal, for audit-service's rollback (not routed by the gateway); see docs/architecture.md. */
@RestController
class RevertController {

    private final RevertService service;

    RevertController(RevertService service) {
        this.service = service;
    }

    @PostMapping("/internal/catalog/{kind}/{id}/revert")
    @PreAuthorize("hasAnyRole('editor', 'admin')")
    ResponseEntity<Map<String, Object>> revert(@PathVariable String kind, @PathVariable String id,
                                               @Valid @RequestBody RevertRequest request) {
        var by = Attributions.current(Actions.ROLLBACK, request.reason(),
                new Document("targetVersion", request.targetVersion()));
        WriteResult r = service.revert(Kind.of(kind), id, request, by);
        return NothingChanged.ok(r.changed()).body(Map.of("id", r.documentId(), "version", r.version(), "deleted", request.document() == null));
    }
}
