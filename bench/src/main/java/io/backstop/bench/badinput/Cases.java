package io.backstop.bench.badinput;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import io.backstop.bench.badinput.BadCase.Category;
import io.backstop.contracts.Json;

/** Turns one endpoint's shape (a valid body, its fields, its path and parameters) into bad requests. */
final class Cases {

    private Cases() {}

    /**
     * Every way to spoil a body: each case starts from a valid body and breaks exactly one thing, so a 2xx means
     * the server accepted that one thing.
     */
    static List<BadCase> body(
            String endpoint, String method, String path, Map<String, Object> valid, List<BodyField> fields) {
        List<BadCase> cases = new ArrayList<>();
        String json = write(valid);
        cases.add(BadCase.json(
                endpoint, Category.MALFORMED_JSON, "truncated", method, path, json.substring(0, json.length() - 3)));
        cases.add(BadCase.json(
                endpoint,
                Category.MALFORMED_JSON,
                "unquoted keys, single quotes",
                method,
                path,
                "{" + fields.get(0).name() + ": 'x'}"));
        cases.add(BadCase.json(endpoint, Category.MALFORMED_JSON, "trailing garbage", method, path, json + "}}"));
        cases.add(BadCase.json(
                endpoint,
                Category.MALFORMED_JSON,
                "trailing comma",
                method,
                path,
                json.substring(0, json.length() - 1) + ",}"));
        cases.add(BadCase.json(endpoint, Category.MALFORMED_JSON, "an array", method, path, "[" + json + "]"));
        cases.add(BadCase.json(endpoint, Category.MALFORMED_JSON, "a string", method, path, "\"x\""));
        cases.add(BadCase.json(
                endpoint,
                Category.MALFORMED_JSON,
                "nesting 100000 deep",
                method,
                path,
                "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"));
        byte[] invalidUtf8 = json.replaceFirst("\"([^\"]*)\"", "\"\u0001$1\"").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < invalidUtf8.length; i++) {
            if (invalidUtf8[i] == 1) {
                invalidUtf8[i] = (byte) 0xC3;
                break;
            }
        }
        cases.add(BadCase.raw(
                endpoint,
                Category.MALFORMED_JSON,
                "invalid UTF-8 byte 0xC3",
                method,
                path,
                "application/json",
                invalidUtf8));
        cases.add(BadCase.raw(
                endpoint,
                Category.MALFORMED_JSON,
                "valid JSON sent as text/plain",
                method,
                path,
                "text/plain",
                json.getBytes(StandardCharsets.UTF_8)));

        for (BodyField f : fields) {
            for (Payloads.Value v : Payloads.wrongTypes(f.type())) {
                cases.add(withField(endpoint, method, path, valid, f.name(), v));
            }
            if (f.type() == BodyField.Type.FREE_TEXT
                    || f.type() == BodyField.Type.STRICT_TEXT
                    || f.type() == BodyField.Type.NUMBER) {
                for (Payloads.Value v : Payloads.operatorObjects()) {
                    cases.add(withField(endpoint, method, path, valid, f.name(), v));
                }
            }
            if (f.type() == BodyField.Type.STRICT_TEXT) {
                for (Payloads.Value v : Payloads.strictText(String.valueOf(valid.get(f.name())))) {
                    cases.add(withField(endpoint, method, path, valid, f.name(), v));
                }
            }
            if (f.type() == BodyField.Type.FREE_TEXT) {
                for (Payloads.Value v : Payloads.freeText()) {
                    cases.add(withField(endpoint, method, path, valid, f.name(), v));
                }
            }
            if (f.type() == BodyField.Type.LIST) {
                cases.add(withField(
                        endpoint,
                        method,
                        path,
                        valid,
                        f.name(),
                        new Payloads.Value(Category.INJECTION, "an element {$gt: 0}", List.of(Map.of("$gt", 0)))));
            }
            if (f.required()) {
                Map<String, Object> without = new LinkedHashMap<>(valid);
                without.remove(f.name());
                cases.add(BadCase.json(
                        endpoint, Category.MISSING_FIELD, f.name() + " missing", method, path, write(without)));
                Map<String, Object> nulled = new LinkedHashMap<>(valid);
                nulled.put(f.name(), null);
                cases.add(BadCase.json(
                        endpoint, Category.MISSING_FIELD, f.name() + " null", method, path, write(nulled)));
            }
        }
        if (fields.stream().anyMatch(BodyField::required)) {
            cases.add(BadCase.json(endpoint, Category.MISSING_FIELD, "empty object", method, path, "{}"));
            cases.add(BadCase.raw(
                    endpoint, Category.MISSING_FIELD, "no body at all", method, path, "application/json", new byte[0]));
            cases.add(BadCase.json(endpoint, Category.MISSING_FIELD, "JSON null", method, path, "null"));
        }
        for (String key : List.of("$where", "$set", "a.b", "_id", "_change")) {
            Map<String, Object> extra = new LinkedHashMap<>(valid);
            extra.put(
                    key,
                    key.equals("$set") ? Map.of("version", 99) : key.equals("_change") ? Map.of("by", "mallory") : "1");
            cases.add(BadCase.json(endpoint, Category.INJECTION, "extra key " + key, method, path, write(extra)));
        }
        String freeField = fields.stream()
                .filter(f -> f.type() == BodyField.Type.FREE_TEXT)
                .map(BodyField::name)
                .findFirst()
                .orElse(fields.get(0).name());
        Map<String, Object> big = new LinkedHashMap<>(valid);
        big.put(freeField, "x".repeat(Payloads.OVERSIZED_BYTES));
        cases.add(BadCase.json(endpoint, Category.OVERSIZED, "1.2 MB in " + freeField, method, path, write(big)));
        String padded = json.substring(0, 1) + " ".repeat(Payloads.OVERSIZED_BYTES) + json.substring(1);
        cases.add(BadCase.json(
                endpoint,
                Category.OVERSIZED,
                "otherwise valid body padded to 1.2 MB with spaces",
                method,
                path,
                padded));
        return cases;
    }

    /** The same request with a hostile segment in place of {@code {id}} in {@code template}. */
    static List<BadCase> pathSegments(
            String endpoint, String method, String template, String contentType, String body) {
        List<BadCase> cases = new ArrayList<>();
        for (Payloads.Segment s : Payloads.segments()) {
            cases.add(new BadCase(
                    endpoint,
                    s.category(),
                    "path segment: " + s.description(),
                    method,
                    template.replace("{id}", s.raw()),
                    contentType,
                    body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                    null));
        }
        return cases;
    }

    /**
     * Hostile values in one query parameter. A strict parameter (a size, a date, an enum) must answer 4xx; for a
     * free-text one, a 2xx is right when {@code literal} holds (the value was taken literally, matching nothing).
     */
    static List<BadCase> queryParam(
            RawHttp http, String endpoint, String pathWithQuery, String param, Predicate<RawHttp.Answer> literal) {
        String sep = pathWithQuery.contains("?") ? "&" : "?";
        List<BadCase> cases = new ArrayList<>();
        for (Payloads.Segment s : Payloads.queryValues()) {
            BadCase c = BadCase.noBody(
                    endpoint,
                    s.category(),
                    "?" + param + "= " + s.description(),
                    "GET",
                    pathWithQuery + sep + param + "=" + s.raw());
            cases.add(literal == null ? c : c.allowing2xx(literal));
        }
        // Spring never turns q[$gt] into an object: the parameter is unknown and ignored, so the answer must be
        // exactly the answer without it (an interpreted operator would filter differently)
        BadCase bracket = BadCase.noBody(
                endpoint,
                Category.INJECTION,
                "?" + param + "[$gt]= (qs-style operator)",
                "GET",
                pathWithQuery + sep + param + "%5B%24gt%5D=");
        cases.add(bracket.allowing2xx(a -> java.util.Arrays.equals(
                a.body(), http.send("GET", pathWithQuery, null, null).body())));
        return cases;
    }

    static List<BadCase> numberParam(String endpoint, String pathWithQuery, String param) {
        String sep = pathWithQuery.contains("?") ? "&" : "?";
        List<BadCase> cases = new ArrayList<>();
        for (String v : List.of("abc", "-1", "1.5", "99999999999999999999", "%7B%22%24gt%22%3A0%7D")) {
            cases.add(BadCase.noBody(
                    endpoint,
                    Category.WRONG_TYPE,
                    "?" + param + "=" + v,
                    "GET",
                    pathWithQuery + sep + param + "=" + v));
        }
        return cases;
    }

    /** Replaces the method of GET cases, for endpoints that take parameters on a POST or DELETE. */
    static List<BadCase> as(String method, List<BadCase> cases) {
        return cases.stream()
                .map(c -> new BadCase(
                        c.endpoint(),
                        c.category(),
                        c.description(),
                        method,
                        c.path(),
                        c.contentType(),
                        c.body(),
                        c.acceptable2xx()))
                .toList();
    }

    static String write(Object value) {
        String json = Json.MAPPER.writeValueAsString(value);
        return json.replace(Payloads.LONE_SURROGATE, "\\uD800");
    }

    private static BadCase withField(
            String endpoint, String method, String path, Map<String, Object> valid, String field, Payloads.Value v) {
        Map<String, Object> body = new LinkedHashMap<>(valid);
        body.put(field, v.value());
        return BadCase.json(endpoint, v.category(), field + " = " + v.description(), method, path, write(body));
    }

    static Predicate<RawHttp.Answer> noItems(Function<RawHttp.Answer, Integer> count) {
        return a -> count.apply(a) == 0;
    }
}
