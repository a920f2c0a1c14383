package io.backstop.audit.query;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.backstop.audit.store.ChangedFields;
import io.backstop.contracts.Actions;
import io.backstop.contracts.Topics;
import io.backstop.support.ApiException;

/** Request parameters to typed values, with a 400 that says what is wrong and what is accepted. */
final class FilterParser {

    private FilterParser() {}

    static AuditFilter filter(
            String collection,
            String documentId,
            String action,
            String changedBy,
            String field,
            String from,
            String to) {
        Instant fromInstant = instant("from", from);
        Instant toInstant = instant("to", to);
        if (fromInstant != null && toInstant != null && fromInstant.isAfter(toInstant)) {
            throw ApiException.badRequest(
                    "'from' (" + from + ") is after 'to' (" + to + "): swap them or widen the range");
        }
        return new AuditFilter(
                collection(collection),
                blankToNull(documentId),
                action(action),
                blankToNull(changedBy),
                field == null || field.isBlank() ? null : ChangedFields.normalize(field.trim()),
                fromInstant,
                toInstant);
    }

    static String collection(String collection) {
        if (collection == null || collection.isBlank()) {
            return null;
        }
        if (!Topics.CATALOG_COLLECTIONS.contains(collection)) {
            throw ApiException.badRequest(
                    "unknown collection '" + collection + "': use one of " + Topics.CATALOG_COLLECTIONS);
        }
        return collection;
    }

    static Actions action(String action) {
        if (action == null || action.isBlank()) {
            return null;
        }
        Actions found = Actions.find(action);
        if (found == null) {
            throw ApiException.badRequest("unknown action '" + action + "': use one of " + Actions.ALL);
        }
        return found;
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    "'" + name + "' is not an ISO-8601 instant: '" + value + "'; write it like 2026-11-26T10:15:30Z");
        }
    }

    static long version(String name, String value) {
        try {
            long v = Long.parseLong(value.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw ApiException.badRequest("'" + name + "' must be a version number (1, 2, 3 ...), got '" + value + "'");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
