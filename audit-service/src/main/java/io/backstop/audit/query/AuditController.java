package io.backstop.audit.query;

import java.time.Instant;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.AuditEvents;
import io.backstop.audit.store.AuditStore;
import io.backstop.contracts.AuditEvent;
import io.backstop.contracts.CatalogFields;
import io.backstop.contracts.Page;
import io.backstop.contracts.PlainJson;
import io.backstop.support.ApiException;
import io.backstop.support.Paging;

/** The audit API, read side: list, history, versions, diffs and as-of views. Every authenticated role may read. */
@RestController
@RequestMapping("/api/audit")
@Tag(
        name = "Audit trail",
        description = "Every captured change of the catalog, numbered per document. Errors are"
                + " application/problem+json whose detail says how to fix the request.")
@ApiResponse(responseCode = "400", description = "A filter, cursor or version is malformed; detail names it")
@ApiResponse(responseCode = "401", description = "No valid gateway token")
class AuditController {

    private final AuditQueries queries;
    private final AuditStore store;

    AuditController(AuditQueries queries, AuditStore store) {
        this.queries = queries;
        this.store = store;
    }

    @GetMapping
    @Operation(
            summary = "Search entries, newest first",
            description = "Filter by collection, documentId, action, changedBy, a changed field path and a from/to"
                    + " time range (all optional, ANDed). Paged: ?limit= (1 to 500, default 50); pass the answer's"
                    + " 'next' as ?cursor= with the same filters for older entries; 'next' is null on the last page."
                    + " No 'total'.")
    @ApiResponse(
            responseCode = "200",
            description = "One page of entries",
            content =
                    @Content(
                            mediaType = "application/json",
                            examples =
                                    @ExampleObject(
                                            value =
                                                    "{\"items\":[" + AuditResponses.ENTRY_EXAMPLE
                                                            + "],\"next\":\"ZW50cmllcx8xNzY0MTQ1MzMxNTEyH2VuZ2luZXM6Njc1MGMwZmZlZTAwMDAwMDAwMDBlMDAxOjAwMDAwMDAwMDM\"}")))
    Page<AuditEvent> list(
            @RequestParam(required = false) String collection,
            @RequestParam(required = false) String documentId,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String changedBy,
            @RequestParam(required = false) String field,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        AuditFilter filter = FilterParser.filter(collection, documentId, action, changedBy, field, from, to);
        AuditQueries.Page page = queries.page("entries", filter.toBson(), cursor, Paging.limit(limit), true);
        return Page.of(page.items().stream().map(AuditEvents::of).toList(), page.next());
    }

    @GetMapping("/{collection}/{documentId}")
    @Operation(
            summary = "Every entry of one document, oldest first",
            description = "Paged like every list: ?limit= (1 to 500, default 50), then ?cursor= with the answer's"
                    + " 'next' until it is null. The newest entry is on the last page.")
    @ApiResponse(
            responseCode = "200",
            description = "One page of the document's entries",
            content =
                    @Content(
                            mediaType = "application/json",
                            examples =
                                    @ExampleObject(
                                            value = "{\"items\":[" + AuditResponses.ENTRY_EXAMPLE
                                                    + "],\"next\":null}")))
    @ApiResponse(responseCode = "404", description = "No entries for this document")
    Page<AuditEvent> history(
            @PathVariable String collection,
            @PathVariable String documentId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        FilterParser.collection(collection);
        AuditQueries.Page page = queries.history(collection, documentId, cursor, Paging.limit(limit));
        if (page.items().isEmpty() && cursor == null) {
            throw ApiException.notFound(
                    "no audit entries for " + collection + "/" + documentId + ": check the collection and id");
        }
        return Page.of(page.items().stream().map(AuditEvents::of).toList(), page.next());
    }

    @GetMapping("/{collection}/{documentId}/versions/{version}")
    @Operation(summary = "One version of a document, with its changes and full before/after")
    @ApiResponse(
            responseCode = "200",
            description = "The entry of that version",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            value =
                                                    "{\"id\":\"engines:e1:0000000002\",\"collection\":\"engines\",\"documentId\":\"e1\",\"version\":2,\"action\":\"update\",\"changedBy\":\"editor\",\"changedAt\":\"2026-12-08T10:00:00Z\",\"changes\":[{\"path\":\"powerHp\",\"kind\":\"changed\",\"from\":150,\"to\":160}]}")))
    @ApiResponse(responseCode = "404", description = "No such version")
    AuditEvent version(@PathVariable String collection, @PathVariable String documentId, @PathVariable String version) {
        return AuditEvents.of(entry(collection, documentId, FilterParser.version("version", version)));
    }

    @GetMapping("/{collection}/{documentId}/diff")
    @Operation(summary = "Field-level differences between two versions of a document")
    @ApiResponse(
            responseCode = "200",
            description = "The changes from one version to the other",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            value = "{\"collection\":\"engines\",\"documentId\":\"e1\","
                                                    + "\"from\":1,\"to\":3,\"changes\":[{\"path\":\"stages[0]\",\"kind\":\"removed\","
                                                    + "\"from\":{\"stage\":1,\"powerHp\":180},\"to\":null}]}")))
    @ApiResponse(responseCode = "404", description = "One of the versions does not exist")
    AuditResponses.Diff diff(
            @PathVariable String collection,
            @PathVariable String documentId,
            @RequestParam String from,
            @RequestParam String to) {
        long fromVersion = FilterParser.version("from", from);
        long toVersion = FilterParser.version("to", to);
        AuditEntry a = entry(collection, documentId, fromVersion);
        AuditEntry b = entry(collection, documentId, toVersion);
        List<AuditEvent.Change> changes = CatalogFields.DIFF.diff(a.after(), b.after()).stream()
                .map(c ->
                        new AuditEvent.Change(c.path(), c.kind().label(), PlainJson.of(c.from()), PlainJson.of(c.to())))
                .toList();
        return new AuditResponses.Diff(collection, documentId, fromVersion, toVersion, changes);
    }

    @GetMapping("/{collection}/{documentId}/as-of")
    @Operation(summary = "The document as it was at an instant (?at=ISO-8601)")
    @ApiResponse(
            responseCode = "200",
            description = "The latest entry at or before the instant",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            value =
                                                    "{\"id\":\"engines:e1:0000000002\",\"collection\":\"engines\",\"documentId\":\"e1\",\"version\":2,\"action\":\"update\",\"changedBy\":\"editor\",\"changedAt\":\"2026-12-08T10:00:00Z\",\"changes\":[{\"path\":\"powerHp\",\"kind\":\"changed\",\"from\":150,\"to\":160}]}")))
    @ApiResponse(responseCode = "404", description = "The document did not exist then")
    AuditResponses.AsOf asOf(
            @PathVariable String collection, @PathVariable String documentId, @RequestParam String at) {
        FilterParser.collection(collection);
        Instant instant = FilterParser.instant("at", at);
        if (instant == null) {
            throw ApiException.badRequest("'at' is required: an ISO-8601 instant such as 2026-11-26T10:15:30Z");
        }
        AuditEntry entry = store.asOf(collection, documentId, instant)
                .filter(e -> e.after() != null)
                .orElseThrow(
                        () -> ApiException.notFound(collection + "/" + documentId + " did not exist at " + instant));
        return new AuditResponses.AsOf(
                collection, documentId, instant, entry.version(), entry.changedAt(), PlainJson.map(entry.after()));
    }

    private AuditEntry entry(String collection, String documentId, long version) {
        FilterParser.collection(collection);
        return store.version(collection, documentId, version)
                .orElseThrow(() -> ApiException.notFound("no version " + version + " of " + collection + "/"
                        + documentId + ": see GET /api/audit/" + collection + "/" + documentId + " for its versions"));
    }
}
