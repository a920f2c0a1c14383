package io.backstop.audit.query;

import java.nio.charset.StandardCharsets;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** {@code GET /api/audit/export.csv}: the list's filters, every matching entry, streamed from a MongoDB cursor. */
@RestController
class ExportController {

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final AuditQueries queries;

    ExportController(AuditQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/audit/export.csv")
    @Operation(
            summary = "The entries matching the same filters as the search, as spreadsheet-safe CSV",
            tags = "Audit trail")
    @ApiResponse(
            responseCode = "200",
            description = "CSV, one row per changed field; cells that a spreadsheet would"
                    + " run as a formula are prefixed with a quote",
            content =
                    @Content(
                            mediaType = "text/csv",
                            examples =
                                    @ExampleObject(
                                            value = "id,changedAt,collection,documentId,version,action,changedBy,"
                                                    + "reason,requestId,path,kind,from,to\nengines:e1:0000000002,2026-12-08T10:00:00Z,engines,e1,2,"
                                                    + "update,editor,,req-1,powerHp,changed,150,160\n")))
    ResponseEntity<StreamingResponseBody> export(
            @RequestParam(required = false) String collection,
            @RequestParam(required = false) String documentId,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String changedBy,
            @RequestParam(required = false) String field,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        // validated before the response starts, so a bad filter is still a 400 and not a broken download
        AuditFilter filter = FilterParser.filter(collection, documentId, action, changedBy, field, from, to);
        StreamingResponseBody body = out -> {
            CsvExport csv = new CsvExport(out);
            queries.stream(filter.toBson(), csv::write);
            csv.finish();
        };
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("audit.csv")
                                .build()
                                .toString())
                .body(body);
    }
}
