package io.backstop.audit.rollback;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;

import io.swagger.v3.oas.annotations.media.Schema;

import io.backstop.contracts.CatalogFields;

/**
 * The document after a rollback, exactly as catalog-service answered it: the shape of
 * {@code GET /api/catalog/{kind}/{id}} (catalog-service's own CatalogDocument; services share no domain classes,
 * so this is audit-service's reading of that contract). A rollback to before the document existed answers its last
 * state with {@code deleted: true}.
 *
 * @param fields the document's business fields, written at the top level of the JSON object
 */
@Schema(
        description = "The document after the rollback, as GET /api/catalog/{kind}/{id} shows it; deleted is true"
                + " when the rollback deleted it (its fields are then its last state)",
        example = RolledBackDocument.EXAMPLE)
public record RolledBackDocument(
        String id,
        @JsonIgnore Map<String, Object> fields,
        long version,
        Instant createdAt,
        String createdBy,
        Instant changedAt,
        String changedBy,
        String action,
        String reason,
        boolean deleted) {

    static final String EXAMPLE = "{\"id\":\"6750c0ffee0000000000e001\",\"modelId\":\"6750c0ffee0000000000a001\","
            + "\"name\":\"2.0 TFSI\",\"fuel\":\"petrol\",\"powerHp\":190,\"torqueNm\":320,\"stages\":[],\"position\":0,"
            + "\"version\":6,\"createdAt\":\"2026-11-20T09:00:00Z\",\"createdBy\":\"system:seed\","
            + "\"changedAt\":\"2026-12-02T08:30:00Z\",\"changedBy\":\"erin\",\"action\":\"rollback\","
            + "\"reason\":\"undo the wrong power figure\",\"deleted\":false}";

    /** The record's own members, named once in contracts (CatalogFields.VIEW), and the version. */
    private static final Set<String> OWN = Stream.concat(CatalogFields.VIEW.stream(), Stream.of(CatalogFields.VERSION))
            .collect(Collectors.toUnmodifiableSet());

    public RolledBackDocument {
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Reads catalog-service's answer; whatever it has besides the named members is a business field. */
    static RolledBackDocument of(Map<String, Object> answer) {
        Map<String, Object> fields = new LinkedHashMap<>(answer);
        fields.keySet().removeAll(OWN);
        return new RolledBackDocument(
                text(answer.get("id")),
                fields,
                answer.get("version") instanceof Number n ? n.longValue() : 0,
                instant(answer.get("createdAt")),
                text(answer.get("createdBy")),
                instant(answer.get("changedAt")),
                text(answer.get("changedBy")),
                text(answer.get("action")),
                text(answer.get("reason")),
                Boolean.TRUE.equals(answer.get("deleted")));
    }

    @JsonAnyGetter
    Map<String, Object> businessFields() {
        return fields;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Instant instant(Object value) {
        return value == null ? null : Instant.parse(value.toString());
    }
}
