package io.backstop.bench.badinput;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.backstop.bench.badinput.BadCase.Category;

/** The hostile values, in one place: what goes into bodies, path segments and query parameters. */
final class Payloads {

    /** Serialized as the JSON escape {@code \uD800}: Java strings cannot carry it through a JSON writer. */
    static final String LONE_SURROGATE = "\uE000LONE-SURROGATE\uE000";

    static final String RTL_OVERRIDE = "\u202E";
    static final String ZERO_WIDTH = "\u200B";
    static final String EMOJI = "\uD83D\uDE97";
    static final int OVERSIZED_BYTES = 1_200_000;

    private Payloads() {}

    record Value(Category category, String description, Object value) {}

    record Segment(Category category, String description, String raw) {}

    /** Mongo operators where a scalar belongs. */
    static List<Value> operatorObjects() {
        return List.of(
                new Value(Category.INJECTION, "{$gt: ''}", Map.of("$gt", "")),
                new Value(
                        Category.INJECTION,
                        "{$ne: null}",
                        new java.util.HashMap<>(java.util.Collections.singletonMap("$ne", null))),
                new Value(
                        Category.INJECTION, "{$where: 'return true'}", Map.of("$where", "function() { return true; }")),
                new Value(Category.INJECTION, "{$regex: '.*'}", Map.of("$regex", ".*")));
    }

    static List<Value> wrongTypes(BodyField.Type type) {
        return switch (type) {
            case FREE_TEXT, STRICT_TEXT ->
                List.of(
                        new Value(Category.WRONG_TYPE, "an array", List.of("a", "b")),
                        new Value(Category.WRONG_TYPE, "an object", Map.of("a", 1)),
                        new Value(Category.WRONG_TYPE, "a boolean", true));
            case NUMBER ->
                List.of(
                        new Value(Category.WRONG_TYPE, "a word", "abc"),
                        new Value(Category.WRONG_TYPE, "a fraction", 1.5),
                        new Value(Category.WRONG_TYPE, "a boolean", true),
                        new Value(Category.WRONG_TYPE, "an array", List.of(1)),
                        new Value(Category.WRONG_TYPE, "an object", Map.of("n", 1)),
                        new Value(
                                Category.WRONG_TYPE,
                                "beyond int64",
                                new java.math.BigInteger("99999999999999999999999")),
                        new Value(Category.WRONG_TYPE, "negative", -1));
            case BOOLEAN ->
                List.of(
                        new Value(Category.WRONG_TYPE, "a word", "maybe"),
                        new Value(Category.WRONG_TYPE, "an array", List.of(true)),
                        new Value(Category.WRONG_TYPE, "an object", Map.of("b", true)));
            case LIST ->
                List.of(
                        new Value(Category.WRONG_TYPE, "a word", "abc"),
                        new Value(Category.WRONG_TYPE, "an object", Map.of("a", 1)),
                        new Value(Category.WRONG_TYPE, "a number", 3),
                        new Value(Category.WRONG_TYPE, "a list of scalars", List.of(1, "x", true)));
        };
    }

    /** Values a strict field (id, enum, code, date) must refuse. */
    static List<Value> strictText(String valid) {
        String v = valid == null || valid.isEmpty() ? "x" : valid;
        return List.of(
                new Value(Category.TRAVERSAL, "../../../etc/passwd", "../../../etc/passwd"),
                new Value(Category.TRAVERSAL, "..\\..\\windows", "..\\..\\windows\\win.ini"),
                new Value(Category.TRAVERSAL, "encoded %2e%2e%2f", "%2e%2e%2f%2e%2e%2fetc"),
                new Value(Category.TRAVERSAL, "NUL byte", v + "\u0000.json"),
                new Value(Category.INJECTION, "dotted text a.b", "a.b"),
                new Value(Category.INJECTION, "text $where", "$where"),
                new Value(Category.UNICODE, "zero-width space appended", v + ZERO_WIDTH),
                new Value(Category.UNICODE, "RTL override prefix", RTL_OVERRIDE + v),
                new Value(Category.UNICODE, "emoji", EMOJI),
                new Value(Category.UNICODE, "fullwidth letters", toFullwidth(v)),
                new Value(Category.UNICODE, "unpaired surrogate", LONE_SURROGATE),
                new Value(Category.UNICODE, "100k characters", "a".repeat(100_000)));
    }

    /** Values a free-text field (a name, a description) must still refuse. */
    static List<Value> freeText() {
        return List.of(
                new Value(Category.UNICODE, "unpaired surrogate \\uD800", "name " + LONE_SURROGATE),
                new Value(Category.UNICODE, "NUL character", "name\u0000"),
                new Value(Category.UNICODE, "RTL override (spoofing)", "name " + RTL_OVERRIDE + "gpj.exe"),
                new Value(Category.UNICODE, "100k emoji", EMOJI.repeat(100_000)));
    }

    /** Path segments where an id (or kind, collection, backup id) belongs. */
    static List<Segment> segments() {
        return List.of(
                new Segment(Category.TRAVERSAL, "raw ../", "../../../../etc/passwd"),
                new Segment(Category.TRAVERSAL, "encoded ..%2F", "..%2F..%2F..%2Fetc%2Fpasswd"),
                new Segment(Category.TRAVERSAL, "encoded %2e%2e%2f", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
                new Segment(Category.TRAVERSAL, "double-encoded %252e", "%252e%252e%252f%252e%252e%252fetc"),
                new Segment(Category.TRAVERSAL, "backslashes", "..%5C..%5Cwindows%5Cwin.ini"),
                new Segment(Category.TRAVERSAL, "dot-dot", ".."),
                new Segment(Category.TRAVERSAL, "NUL byte", "bk-20260101-000000-abcd%00.json"),
                new Segment(Category.TRAVERSAL, "matrix ;..", "..;x=1"),
                new Segment(Category.INJECTION, "JSON {$gt}", enc("{\"$gt\":\"\"}")),
                new Segment(Category.INJECTION, "$where", enc("$where")),
                new Segment(Category.INJECTION, "dotted a.b", "a.b"),
                new Segment(Category.UNICODE, "RTL override", enc(RTL_OVERRIDE + "65a1b2c3d4e5f60718293a4b")),
                new Segment(Category.UNICODE, "zero-width space", enc("65a1b2c3d4e5f60718293a4b" + ZERO_WIDTH)),
                new Segment(Category.UNICODE, "emoji", enc(EMOJI)),
                new Segment(Category.UNICODE, "UTF-8 encoded surrogate (invalid)", "%ED%A0%80"),
                new Segment(Category.UNICODE, "invalid UTF-8 byte", "%FF%FE"),
                new Segment(Category.UNICODE, "NFD e + combining accent", enc("e\u0301")),
                new Segment(Category.UNICODE, "5000 characters", "a".repeat(5000)));
    }

    /** Values for a query parameter. */
    static List<Segment> queryValues() {
        return List.of(
                new Segment(Category.INJECTION, "JSON {$gt}", enc("{\"$gt\":\"\"}")),
                new Segment(Category.INJECTION, "$where", enc("$where: 'return true'")),
                new Segment(Category.INJECTION, "regex .*", enc(".*")),
                new Segment(Category.INJECTION, "dotted a.b", "a.b"),
                new Segment(Category.TRAVERSAL, "encoded ../", "..%2F..%2Fetc%2Fpasswd"),
                new Segment(Category.TRAVERSAL, "NUL byte", "x%00y"),
                new Segment(Category.UNICODE, "RTL override", enc(RTL_OVERRIDE + "x")),
                new Segment(Category.UNICODE, "zero-width space", enc("x" + ZERO_WIDTH)),
                new Segment(Category.UNICODE, "UTF-8 encoded surrogate (invalid)", "%ED%A0%80"),
                new Segment(Category.UNICODE, "invalid UTF-8 byte", "%FF"),
                new Segment(Category.UNICODE, "20k characters", "a".repeat(20_000)));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String toFullwidth(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.appendCodePoint(c > 0x20 && c < 0x7F ? c + 0xFEE0 : c));
        return b.toString();
    }
}
