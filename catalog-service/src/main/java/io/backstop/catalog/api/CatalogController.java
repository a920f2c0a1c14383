package io.backstop.catalog.api;

import java.net.URI;
import jakarta.validation.Valid;
import jakarta.validation.constraints.PositiveOrZero;

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

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.backstop.contracts.Actions;
import io.backstop.contracts.Page;
import io.backstop.outbox.WriteResult;
import io.backstop.support.ApiException;
import io.backstop.support.NothingChanged;
import io.backstop.support.Paging;

/**
 * {@code /api/catalog/{kind}}: reads for every role, writes for editor and admin. Create and replace have one
 * endpoint per kind because each kind has its own validated body; the rest is generic over the kind.
 */
@RestController
@RequestMapping("/api/catalog")
@Validated
@Tag(
        name = "Catalog",
        description = "Brands, models and engines; {kind} is brands, models or engines. Errors are"
                + " application/problem+json; 400 lists invalid fields in 'errors', 423 means a restore is running.")
@ApiResponse(responseCode = "400", description = "Invalid input; 'errors' names each field and what is wrong")
@ApiResponse(responseCode = "401", description = "No valid gateway token")
class CatalogController {

    private static final String WRITER = "hasAnyRole('editor', 'admin')";
    static final String CREATED = "Answers 201 with the new document (the record GET answers) and its address in"
            + " Location. Without 'position' it goes last among its siblings.";
    static final String UNCHANGED = "When the item already is as requested, nothing is written: 200 with the item at"
            + " its current version and the header " + NothingChanged.HEADER + ": " + NothingChanged.VALUE
            + ", no new version and no audit entry.";

    private final CatalogQueries queries;
    private final CatalogCommands commands;

    CatalogController(CatalogQueries queries, CatalogCommands commands) {
        this.queries = queries;
        this.commands = commands;
    }

    @Operation(
            summary = "List items of a kind, optionally under a parent or matching a search text",
            description = "Siblings in position order, then name. Paged: ?limit= (1 to 500, default 50) items per"
                    + " page; pass the answer's 'next' as ?cursor= (with the same parentId and q) for the following"
                    + " page; 'next' is null on the last page. 'total' counts every match.")
    @ApiResponse(
            responseCode = "200",
            description = "One page",
            content =
                    @Content(
                            mediaType = "application/json",
                            examples =
                                    @ExampleObject(
                                            value = "{\"items\":[" + CatalogDocument.EXAMPLE
                                                    + "],\"next\":\"YnJhbmRzHx8fNTA\",\"total\":73}")))
    @ApiResponse(responseCode = "404", description = "Unknown kind")
    @GetMapping("/{kind}")
    Page<CatalogDocument> list(
            @PathVariable String kind,
            @RequestParam(required = false) String parentId,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return queries.list(Kind.of(kind), parentId, q, Paging.limit(limit), cursor);
    }

    @Operation(
            summary = "Get one item with its version",
            description = "A deleted item is a 404; its history at" + " /api/audit/{kind}/{id} keeps every version.")
    @ApiResponse(
            responseCode = "200",
            description = "The item",
            content =
                    @Content(
                            mediaType = "application/json",
                            examples = @ExampleObject(value = CatalogDocument.EXAMPLE)))
    @ApiResponse(responseCode = "404", description = "No such item")
    @GetMapping("/{kind}/{id}")
    CatalogDocument get(@PathVariable String kind, @PathVariable String id) {
        return queries.get(Kind.of(kind), id);
    }

    @Operation(
            summary = "Create a brand (X-Change-Reason header: optional reason for the audit trail)",
            description = CREATED)
    @ApiResponse(responseCode = "403", description = "Your role may not write")
    @ApiResponse(responseCode = "423", description = "A restore is running; writes wait until it ends")
    @ApiResponse(
            responseCode = "201",
            description = "Created: the new document",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = CatalogDocument.class),
                            examples = @ExampleObject(value = CatalogDocument.EXAMPLE)))
    @PostMapping("/brands")
    @PreAuthorize(WRITER)
    ResponseEntity<CatalogDocument> createBrand(
            @Valid @RequestBody BrandBody body,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        return created(commands.create(body, Attributions.current(Actions.CREATE, reason, null)));
    }

    @Operation(summary = "Create a model under an existing brand", description = CREATED)
    @ApiResponse(responseCode = "403", description = "Your role may not write")
    @ApiResponse(responseCode = "423", description = "A restore is running; writes wait until it ends")
    @ApiResponse(
            responseCode = "201",
            description = "Created: the new document",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = CatalogDocument.class),
                            examples = @ExampleObject(value = CatalogDocument.EXAMPLE)))
    @PostMapping("/models")
    @PreAuthorize(WRITER)
    ResponseEntity<CatalogDocument> createModel(
            @Valid @RequestBody ModelBody body,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        return created(commands.create(body, Attributions.current(Actions.CREATE, reason, null)));
    }

    @Operation(summary = "Create an engine with its tuning stages under an existing model", description = CREATED)
    @ApiResponse(responseCode = "403", description = "Your role may not write")
    @ApiResponse(responseCode = "423", description = "A restore is running; writes wait until it ends")
    @ApiResponse(
            responseCode = "201",
            description = "Created: the new document",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = CatalogDocument.class),
                            examples = @ExampleObject(value = CatalogDocument.EXAMPLE)))
    @PostMapping("/engines")
    @PreAuthorize(WRITER)
    ResponseEntity<CatalogDocument> createEngine(
            @Valid @RequestBody EngineBody body,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        return created(commands.create(body, Attributions.current(Actions.CREATE, reason, null)));
    }

    @Operation(summary = "Replace a brand; 'version' must be the one you last read", description = UNCHANGED)
    @ApiResponse(responseCode = "403", description = "Your role may not write")
    @ApiResponse(responseCode = "423", description = "A restore is running; writes wait until it ends")
    @ApiResponse(responseCode = "404", description = "No such item")
    @ApiResponse(responseCode = "409", description = "The version is not the current one: reload and decide again")
    @ApiResponse(
            responseCode = "200",
            description = "The document's new state (or, with X-Nothing-Changed, its" + " current one)",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = CatalogDocument.class),
                            examples = @ExampleObject(value = CatalogDocument.EXAMPLE)))
    @PutMapping("/brands/{id}")
    @PreAuthorize(WRITER)
    ResponseEntity<CatalogDocument> replaceBrand(
            @PathVariable String id,
            @Valid @RequestBody BrandBody body,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        return replace(Kind.BRANDS, id, body, reason);
    }

    @Operation(
            summary = "Replace a model; 'version' must be the one you last read",
            description = UNCHANGED
                    + " A new brandId makes it a move (audited as action move; it goes last among its new siblings unless"
                    + " 'position' is given), like POST .../move.")
    @ApiResponse(responseCode = "403", description = "Your role may not write")
    @ApiResponse(responseCode = "423", description = "A restore is running; writes wait until it ends")
    @ApiResponse(responseCode = "404", description = "No such item")
    @ApiResponse(responseCode = "409", description = "The version is not the current one: reload and decide again")
    @ApiResponse(
            responseCode = "200",
            description = "The document's new state (or, with X-Nothing-Changed, its" + " current one)",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = CatalogDocument.class),
                            examples = @ExampleObject(value = CatalogDocument.EXAMPLE)))
    @PutMapping("/models/{id}")
    @PreAuthorize(WRITER)
    ResponseEntity<CatalogDocument> replaceModel(
            @PathVariable String id,
            @Valid @RequestBody ModelBody body,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        return replace(Kind.MODELS, id, body, reason);
    }

    @Operation(
            summary = "Replace an engine; 'version' must be the one you last read",
            description = UNCHANGED
                    + " A new modelId makes it a move (audited as action move; it goes last among its new siblings unless"
                    + " 'position' is given), like POST .../move.")
    @ApiResponse(responseCode = "403", description = "Your role may not write")
    @ApiResponse(responseCode = "423", description = "A restore is running; writes wait until it ends")
    @ApiResponse(responseCode = "404", description = "No such item")
    @ApiResponse(responseCode = "409", description = "The version is not the current one: reload and decide again")
    @ApiResponse(
            responseCode = "200",
            description = "The document's new state (or, with X-Nothing-Changed, its" + " current one)",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = CatalogDocument.class),
                            examples = @ExampleObject(value = CatalogDocument.EXAMPLE)))
    @PutMapping("/engines/{id}")
    @PreAuthorize(WRITER)
    ResponseEntity<CatalogDocument> replaceEngine(
            @PathVariable String id,
            @Valid @RequestBody EngineBody body,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        return replace(Kind.ENGINES, id, body, reason);
    }

    @Operation(summary = "Move an item to another parent or position", description = UNCHANGED)
    @ApiResponse(responseCode = "403", description = "Your role may not write")
    @ApiResponse(responseCode = "423", description = "A restore is running; writes wait until it ends")
    @ApiResponse(responseCode = "404", description = "No such item")
    @ApiResponse(responseCode = "409", description = "The version is not the current one: reload and decide again")
    @ApiResponse(
            responseCode = "200",
            description = "The document's new state (or, with X-Nothing-Changed, its" + " current one)",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = CatalogDocument.class),
                            examples = @ExampleObject(value = CatalogDocument.EXAMPLE)))
    @PostMapping("/{kind}/{id}/move")
    @PreAuthorize(WRITER)
    ResponseEntity<CatalogDocument> move(
            @PathVariable String kind,
            @PathVariable String id,
            @Valid @RequestBody MoveBody body,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        return written(commands.move(Kind.of(kind), id, body, Attributions.current(Actions.MOVE, reason, null)));
    }

    @Operation(
            summary = "Delete an item at ?version=N; children too with cascade=true",
            description = "Answers 204"
                    + " with no body: a deleted item has no state to show. Its history keeps every version; a rollback there"
                    + " brings it back.")
    @ApiResponse(responseCode = "403", description = "Your role may not write")
    @ApiResponse(responseCode = "423", description = "A restore is running; writes wait until it ends")
    @ApiResponse(responseCode = "404", description = "No such item")
    @ApiResponse(
            responseCode = "409",
            description = "Stale version, or the item still has children and cascade is false")
    @ApiResponse(responseCode = "204", description = "Deleted (with its children when cascade=true); no body")
    @DeleteMapping("/{kind}/{id}")
    @PreAuthorize(WRITER)
    ResponseEntity<Void> delete(
            @PathVariable String kind,
            @PathVariable String id,
            @RequestParam(required = false) @PositiveOrZero(message = "must be 0 or more") Long version,
            @RequestParam(defaultValue = "false") boolean cascade,
            @RequestHeader(name = Attributions.REASON_HEADER, required = false) String reason) {
        Kind k = Kind.of(kind);
        if (version == null) {
            throw ApiException.invalid(java.util.List.of(
                    new ApiException.FieldError("version", "is required: the version you last saw, as ?version=N")));
        }
        commands.delete(k, id, version, cascade, Attributions.current(Actions.DELETE, reason, null));
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<CatalogDocument> replace(Kind kind, String id, CatalogBody body, String reason) {
        return written(commands.replace(kind, id, body, Attributions.current(Actions.UPDATE, reason, null)));
    }

    private static ResponseEntity<CatalogDocument> written(WriteResult r) {
        return NothingChanged.ok(r.changed()).body(ItemViews.view(r.document()));
    }

    private static ResponseEntity<CatalogDocument> created(WriteResult r) {
        return ResponseEntity.created(URI.create("/api/catalog/" + r.collection() + "/" + r.documentId()))
                .body(ItemViews.view(r.document()));
    }
}
