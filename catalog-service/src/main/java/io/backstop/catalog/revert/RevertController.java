package io.backstop.catalog.revert;

import jakarta.validation.Valid;

import org.bson.Document;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.backstop.catalog.api.Attributions;
import io.backstop.catalog.api.CatalogDocument;
import io.backstop.catalog.api.ItemViews;
import io.backstop.catalog.api.Kind;
import io.backstop.contracts.Actions;
import io.backstop.outbox.WriteResult;
import io.backstop.support.NothingChanged;

/**
 * Internal, for audit-service's rollback (not routed by the gateway); see docs/architecture.md. Answers the
 * document's new state as GET /api/catalog/{kind}/{id} does; a rollback that deletes it answers its last state
 * with {@code deleted: true}, since a GET of it would be a 404.
 */
@RestController
class RevertController {

    private final RevertService service;

    RevertController(RevertService service) {
        this.service = service;
    }

    @PostMapping("/internal/catalog/{kind}/{id}/revert")
    @PreAuthorize("hasAnyRole('editor', 'admin')")
    ResponseEntity<CatalogDocument> revert(
            @PathVariable String kind, @PathVariable String id, @Valid @RequestBody RevertRequest request) {
        var by = Attributions.current(
                Actions.ROLLBACK, request.reason(), new Document("targetVersion", request.targetVersion()));
        WriteResult r = service.revert(Kind.of(kind), id, request, by);
        // a rollback to "deleted" of a document already deleted wrote nothing and has no stored state to show
        CatalogDocument answer = r.document() == null
                ? CatalogDocument.deleted(r.documentId(), r.version())
                : ItemViews.view(r.document());
        return NothingChanged.ok(r.changed()).body(answer);
    }
}
