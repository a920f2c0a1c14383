package io.backstop.audit.redact;

import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.backstop.contracts.Page;
import io.backstop.support.CurrentUser;
import io.backstop.support.Paging;

import jakarta.validation.Valid;

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
    Redaction redact(@Valid @RequestBody RedactionRequest request) {
        return redactor.redact(request, CurrentUser.name());
    }

    @GetMapping("/api/audit/redactions")
    Page<Redaction> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        int size = Paging.limit(limit);
        List<String> after = Paging.parts(cursor, 1);
        List<Redaction> page = redactions.page(after == null ? null : after.get(0), size + 1);
        String next = page.size() > size ? Paging.cursor(page.get(size - 1).id()) : null;
        return new Page<>(page.subList(0, Math.min(size, page.size())), next, redactions.count());
    }
}
