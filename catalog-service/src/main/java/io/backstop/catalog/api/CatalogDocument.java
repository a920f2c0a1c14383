package io.backstop.catalog.api;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;

import io.swagger.v3.oas.annotations.media.Schema;

import io.backstop.contracts.Actions;

/**
 * A catalog document as every catalog endpoint (and a rollback) answers it: its {@code id}, its business fields
 * at the top level (the same names a create or replace body uses), its {@code version} and who made it and its
 * current version. The business fields stay a map because a direct database write may leave any field or type,
 * and such a document must still be readable; the request bodies ({@link BrandBody} ...) are the typed schema.
 *
 * @param fields  the business fields, written at the top level of the JSON object
 * @param action  what made the current version (create, update, move, delete, rollback, restore)
 * @param reason  the reason given for the current version, if any
 * @param deleted true only in the answer of a rollback to a state in which the document did not exist: the
 *                fields are then its last state before that delete; a read never answers a deleted document
 */
@Schema(
        description = "A catalog document: id, the kind's business fields (see the create body), version, who"
                + " created it and who made its current version",
        example = CatalogDocument.EXAMPLE)
public record CatalogDocument(
        String id,
        @JsonIgnore Map<String, Object> fields,
        long version,
        Instant createdAt,
        String createdBy,
        Instant changedAt,
        String changedBy,
        Actions action,
        String reason,
        boolean deleted) {

    static final String EXAMPLE = "{\"id\":\"6750c0ffee0000000000b001\",\"name\":\"Audi\",\"country\":\"DE\","
            + "\"founded\":1909,\"position\":0,\"version\":3,\"createdAt\":\"2026-11-20T09:00:00Z\","
            + "\"createdBy\":\"system:seed\",\"changedAt\":\"2026-12-01T14:02:11.512Z\",\"changedBy\":\"erin\","
            + "\"action\":\"update\",\"reason\":\"founding year corrected\",\"deleted\":false}";

    /** The names this record writes besides the business fields. */
    public static final Set<String> OWN = Arrays.stream(CatalogDocument.class.getRecordComponents())
            .map(RecordComponent::getName)
            .collect(Collectors.toUnmodifiableSet());

    public CatalogDocument {
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A document that is deleted and whose last state is not at hand: only its id and the version of its delete. */
    public static CatalogDocument deleted(String id, long version) {
        return new CatalogDocument(id, Map.of(), version, null, null, null, null, null, null, true);
    }

    @JsonAnyGetter
    Map<String, Object> businessFields() {
        return fields;
    }
}
