package io.backstop.audit.query;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.mongodb.client.model.Filters;

import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.AuditFields;
import io.backstop.contracts.Page;
import io.backstop.support.ApiException;
import io.backstop.support.Paging;

/**
 * {@code GET /internal/audit/changes}: the entries with {@code after < changedAt <= until}, oldest first, for
 * point-in-time restore. Not routed by the gateway.
 */
@RestController
class InternalChangesController {

    private static final JsonWriterSettings CANONICAL =
            JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private final AuditQueries queries;

    InternalChangesController(AuditQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/internal/audit/changes")
    Page<AuditResponses.InternalChange> changes(
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String until,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        Instant afterInstant = FilterParser.instant("after", after);
        if (afterInstant == null) {
            throw ApiException.badRequest("'after' is required: the ISO-8601 instant of the backup the changes follow");
        }
        Instant untilInstant = FilterParser.instant("until", until);
        Bson filter = Filters.gt(AuditFields.CHANGED_AT, Date.from(afterInstant));
        if (untilInstant != null) {
            filter = Filters.and(filter, Filters.lte(AuditFields.CHANGED_AT, Date.from(untilInstant)));
        }
        // the reader of this feed wants every change: by default a page as large as any list's
        int pageSize = limit == null ? Paging.MAX_LIMIT : Paging.limit(limit);
        AuditQueries.Page page = queries.page("changes", filter, cursor, pageSize, false);
        return Page.of(
                page.items().stream().map(InternalChangesController::internal).toList(), page.next());
    }

    private static AuditResponses.InternalChange internal(AuditEntry e) {
        return new AuditResponses.InternalChange(
                e.id(),
                e.collection(),
                e.documentId(),
                e.version(),
                e.action(),
                e.changedAt(),
                e.sourcePosition(),
                json(e.before()),
                json(e.after()));
    }

    private static String json(Document d) {
        return d == null ? null : d.toJson(CANONICAL);
    }
}
