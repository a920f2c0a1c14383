package io.backstop.catalog.schema;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /api/catalog/schema}: the fields the UI's forms edit, per kind, read from the Body records'
 * validation constraints, so the form and the API cannot disagree about a name, a limit or an option.
 *
 * @param kinds       brands, models and engines, in that order
 * @param notBusiness fields a document or its API view carries besides business data (contracts' CatalogFields)
 */
public record FormSchema(Map<String, KindSchema> kinds, Set<String> notBusiness) {

    /**
     * One kind's form.
     *
     * @param parentField the field naming the parent, or null for brands; set by where the item is created or
     *                    moved to, so it is not among {@code fields}, nor is {@code position} (also a move's)
     * @param fields      the business fields in the order the Body record declares them
     */
    public record KindSchema(String parentField, List<Field> fields) {}

    /**
     * One field and what the API accepts in it; absent properties mean "no such limit".
     *
     * @param type      string, integer or array
     * @param required  null is refused (and, for a string, blank is)
     * @param minimum   smallest integer accepted
     * @param maximum   largest integer accepted
     * @param maxLength longest string accepted
     * @param maxItems  most array elements accepted
     * @param pattern   regular expression a string must match in full
     * @param options   the only values accepted, when the pattern is a list of words
     * @param items     an array's element fields
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Field(
            String name,
            String type,
            boolean required,
            Long minimum,
            Long maximum,
            Integer maxLength,
            Integer maxItems,
            String pattern,
            List<String> options,
            List<Field> items) {}
}
