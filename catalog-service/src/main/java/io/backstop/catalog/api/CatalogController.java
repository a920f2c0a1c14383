package io.backstop.catalog.api;

import java.net.URI;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.backstop.catalog.CatalogProperties;
import io.backstop.contracts.Actions;
import io.backstop.outbox.WriteResult;
import io.backstop.support.ApiException;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * {@code /api/catalog/{kind}}: reads for every role, writes for editor and admin. Create and replace have one
 * endpoint per kind because each kind has its own validated body; the rest is generic over the kind.
 */
@RestController
@RequestMapping("/api/catalog")
@Validated
class CatalogController {

    private static final String WRITER = "hasAnyRole('editor', 'admin')";

    private final CatalogQueries queries;
    private final CatalogCommands commands;
    private final CatalogProperties properties;

    CatalogController(CatalogQueries queries, CatalogCommands commands, CatalogProperties properties) {
        this.queries = queries;
        this.commands = commands;
        this.properties = properties;
    }

    @GetMapping("/{kind}")
    PageView list(@PathVariable String kind,
                  @RequestParam(required = false) String parentId,
                  @RequestParam(required = false) String q,
                  @RequestParam(defaultValue = "0") @PositiveOrZero(message = "must be 0 or more") int page,
                  @RequestParam(defaultValue = "20") @Min(value = 1, message = "must be 1 or more") int size) {
        if (size > properties.maxPageSize()) {
            throw ApiException.invalid(java.util.List.of(new ApiException.FieldError("size",
                    "must be at most " + properties.maxPageSize())));
        }
        return queries.list(Kind.of(kind), parentId, q, page, size);
    }

    @GetMapping("/{kind}/{id}")
    Map<String, Object> get(@PathVariable String kind, @PathVariable String id) {
        return queries.get(Kind.of(kind), id);
    }

    @PostMapping("/brands")
    @PreAuthorize(WRITER)
    ResponseEntity<Map<String, Object>> createBrand(@Valid @RequestBody BrandBody body,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        return created(commands.create(body, Attributions.current(Actions.CREATE, reason, null)));
    }

    @PostMapping("/models")
    @PreAuthorize(WRITER)
    ResponseEntity<Map<String, Object>> createModel(@Valid @RequestBody ModelBody body,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        return created(commands.create(body, Attributions.current(Actions.CREATE, reason, null)));
    }

    @PostMapping("/engines")
    @PreAuthorize(WRITER)
    ResponseEntity<Map<String, Object>> createEngine(@Valid @RequestBody EngineBody body,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        return created(commands.create(body, Attributions.current(Actions.CREATE, reason, null)));
    }

    @PutMapping("/brands/{id}")
    @PreAuthorize(WRITER)
    Map<String, Object> replaceBrand(@PathVariable String id, @Valid @RequestBody BrandBody body,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        return replace(Kind.BRANDS, id, body, reason);
    }

    @PutMapping("/models/{id}")
    @PreAuthorize(WRITER)
    Map<String, Object> replaceModel(@PathVariable String id, @Valid @RequestBody ModelBody body,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        return replace(Kind.MODELS, id, body, reason);
    }

    @PutMapping("/engines/{id}")
    @PreAuthorize(WRITER)
    Map<String, Object> replaceEngine(@PathVariable String id, @Valid @RequestBody EngineBody body,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        return replace(Kind.ENGINES, id, body, reason);
    }

    @PostMapping("/{kind}/{id}/move")
    @PreAuthorize(WRITER)
    Map<String, Object> move(@PathVariable String kind, @PathVariable String id, @Valid @RequestBody MoveBody body,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        WriteResult r = commands.move(Kind.of(kind), id, body, Attributions.current(Actions.MOVE, reason, null));
        return ItemViews.view(r.document());
    }

    @DeleteMapping("/{kind}/{id}")
    @PreAuthorize(WRITER)
    ResponseEntity<Void> delete(@PathVariable String kind, @PathVariable String id,
            @RequestParam(required = false) @PositiveOrZero(message = "must be 0 or more") Long version,
            @RequestParam(defaultValue = "false") boolean cascade,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        Kind k = Kind.of(kind);
        if (version == null) {
            throw ApiException.invalid(java.util.List.of(new ApiException.FieldError("version",
                    "is required: the version you last saw, as ?version=N")));
        }
        commands.delete(k, id, version, cascade, Attributions.current(Actions.DELETE, reason, null));
        return ResponseEntity.noContent().build();
    }

    private Map<String, Object> replace(Kind kind, String id, CatalogBody body, String reason) {
        WriteResult r = commands.replace(kind, id, body, Attributions.current(Actions.UPDATE, reason, null));
        return ItemViews.view(r.document());
    }

    private static ResponseEntity<Map<String, Object>> created(WriteResult r) {
        return ResponseEntity.created(URI.create("/api/catalog/" + r.collection() + "/" + r.documentId()))
                .body(ItemViews.view(r.document()));
    }
}
