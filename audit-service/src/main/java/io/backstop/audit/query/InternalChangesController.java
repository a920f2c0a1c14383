package io.backstop.audit.query;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.conversions.Bson;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.mongodb.client.model.Filters;

import io.backstop.audit.AuditProperties;
import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.AuditFields;
import io.backstop.support.ApiException;

/**
 * {@code GET /internal/audit/changes}: the entries with {@code after < changedAt <= until}, oldest first, for
 * point-in-time restore. Not routed by the gateway.
 */
@RestController
class InternalChangesController {

    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private final AuditQueries queries;
    private final AuditProperties properties;

    InternalChangesController(AuditQueries queries, AuditProperties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    @GetMapping("/internal/audit/changes")
    AuditResponses.InternalPage changes(@RequestParam(required = false) String after,
                                        @RequestParam(required = false) String until,
                                        @RequestParam(required = false) String cursor,
                                        @RequestParam(required = false) String size) {
        Instant afterInstant = FilterParser.instant("after", after);
        if (afterInstant == null) {
            throw ApiException.badRequest("'after' is required: the ISO-8601 instant of the backup the changes follow");
        }
        Instant untilInstant = FilterParser.instant("until", until);
        Bson filter = Filters.gt(AuditFields.CHANGED_AT, Date.from(afterInstant));
        if (untilInstant != null) {
            filter = Filters.and(filter, Filters.lte(AuditFields.CHANGED_AT, Date.from(untilInstant)));
        }
        int pageSize = FilterParser.size(size, properties.maxPageSize(), properties.maxPageSize());
        AuditQueries.Page page = queries.page(filter, PageCursor.decode(cursor), pageSize, false);
        return new AuditResponses.InternalPage(page.items().stream().map(InternalChangesController::internal).toList(),
                page.next() == null ? null : page.next().encode());
    }

    private static AuditResponses.InternalChange internal(AuditEntry e) {
        return new AuditResponses.InternalChange(e.id(), e.collection(), e.documentId(), e.version(), e.action(), e.changedAt(),
                e.sourcePosition(), json(e.before()), json(e.after()));
    }

    private static String json(Document d) {
        return d == null ? null : d.toJson(CANONICAL);
    }
}
