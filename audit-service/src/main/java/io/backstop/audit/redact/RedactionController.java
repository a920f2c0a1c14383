package io.backstop.audit.redact;

import java.util.List;
import jakarta.validation.Valid;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.backstop.contracts.Page;
import io.backstop.support.CurrentUser;
import io.backstop.support.Paging;

/**
 * {@code POST /api/audit/redactions}: removes a value from an entry (admin), answering the redaction's record;
 * {@code GET /api/audit/redactions}: the records, in id order.
 */
@RestController
@PreAuthorize("hasRole('admin')")
class RedactionController {

    private final Redactor redactor;
    private final RedactionStore redactions;

    RedactionController(Redactor redactor, RedactionStore redactions) {
        this.redactor = redactor;
        this.redactions = redactions;
    }

    @PostMapping("/api/audit/redactions")
    @Operation(
            summary = "Redact one value of one entry, keeping the entry's hash",
            description =
                    "Admins only. The value is replaced by a marker holding its digest, so the chain still verifies;"
                            + " the redaction itself is recorded (who, when, why, entry and path).")
    @ApiResponse(
            responseCode = "200",
            description = "The recorded redaction",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            value =
                                                    "{\"id\":\"6750c0ffee0000000000r001\",\"entryId\":\"engines:e1:0000000002\",\"path\":\"after.engineCode\",\"reason\":\"GDPR request 42\",\"createdAt\":\"2026-12-08T10:00:00Z\",\"createdBy\":\"admin\"}")))
    Redaction redact(@Valid @RequestBody RedactionRequest request) {
        return redactor.redact(request, CurrentUser.name());
    }

    @GetMapping("/api/audit/redactions")
    @Operation(summary = "The recorded redactions, paged")
    @ApiResponse(
            responseCode = "200",
            description = "One page of redactions",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            value =
                                                    "{\"items\":[{\"id\":\"6750c0ffee0000000000r001\",\"entryId\":\"engines:e1:0000000002\",\"path\":\"after.engineCode\",\"reason\":\"GDPR request 42\",\"createdAt\":\"2026-12-08T10:00:00Z\",\"createdBy\":\"admin\"}],\"next\":null,\"total\":1}")))
    Page<Redaction> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        int size = Paging.limit(limit);
        List<String> after = Paging.parts(cursor, 1);
        List<Redaction> page = redactions.page(after == null ? null : after.get(0), size + 1);
        String next = page.size() > size ? Paging.cursor(page.get(size - 1).id()) : null;
        return new Page<>(page.subList(0, Math.min(size, page.size())), next, redactions.count());
    }
}
