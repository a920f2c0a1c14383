package io.backstop.gateway.ui;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The API calls the admin UI's scripts make, read from their source, and whether an OpenAPI document has each.
 *
 * <p>A call is {@code api.get|post|put|del(…)} with a string, template or {@code path`…`} literal as its first
 * argument (its method is the function's); any other literal naming a path under {@code /api/}, {@code /login} or
 * {@code /logout} (an {@code EventSource}, a {@code fetch}, a download link) is a GET. In a template, a
 * {@code ${query(…)}} is the query string and is left out; every other {@code ${…}} is one path segment.
 */
final class UiCalls {

    /** One call: the method and the path, each interpolated segment written {@code {}}. */
    record Call(String method, String path, String where) {
        @Override
        public String toString() {
            return method + " " + path + " (" + where + ")";
        }
    }

    private static final String LITERAL = "(?:path)?(?:'([^'\\n]*)'|`([^`]*)`)";
    private static final Pattern API_CALL = Pattern.compile("\\bapi\\.(get|post|put|del)\\(\\s*" + LITERAL);
    private static final Pattern ANY_LITERAL =
            Pattern.compile("'(/(?:api/|login|logout)[^'\\n]*)'|`(/(?:api/|login|logout)[^`]*)`");
    private static final Pattern QUERY = Pattern.compile("\\$\\{query\\((?:[^{}]|\\{[^{}]*\\})*\\)\\}");
    private static final Pattern SEGMENT = Pattern.compile("\\$\\{[^}]*\\}");

    private UiCalls() {}

    static List<Call> in(String script, String name) {
        // one entry per method and path, where it first occurs
        Map<String, Call> calls = new LinkedHashMap<>();
        Set<Integer> consumed = new HashSet<>();
        Matcher call = API_CALL.matcher(script);
        while (call.find()) {
            String method =
                    call.group(1).equals("del") ? "DELETE" : call.group(1).toUpperCase();
            String literal = call.group(2) != null ? call.group(2) : call.group(3);
            int literalStart = call.group(2) != null ? call.start(2) - 1 : call.start(3) - 1;
            consumed.add(literalStart);
            add(calls, new Call(method, template(literal), name + ":" + line(script, call.start())));
        }
        Matcher other = ANY_LITERAL.matcher(script);
        while (other.find()) {
            if (!consumed.contains(other.start())) {
                String literal = other.group(1) != null ? other.group(1) : other.group(2);
                add(calls, new Call("GET", template(literal), name + ":" + line(script, other.start())));
            }
        }
        return new ArrayList<>(calls.values());
    }

    private static void add(Map<String, Call> calls, Call call) {
        calls.putIfAbsent(call.method() + " " + call.path(), call);
    }

    /** The literal as a path template: no query, each interpolation one {@code {}} segment. */
    static String template(String literal) {
        String path = QUERY.matcher(literal).replaceAll("");
        path = SEGMENT.matcher(path).replaceAll("{}");
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /**
     * Whether the document's {@code paths} have this path and method. A {@code {name}} of theirs matches any segment;
     * a {@code {}} of the UI's matches a literal of theirs too, since a value the UI interpolates may be one the
     * document spells out per value (one POST path per catalog kind).
     */
    static boolean documented(Call call, JsonNode paths) {
        String[] wanted = call.path().split("/", -1);
        for (Iterator<String> it = paths.propertyNames().iterator(); it.hasNext(); ) {
            String documented = it.next();
            if (matches(wanted, documented.split("/", -1))
                    && paths.get(documented).has(call.method().toLowerCase())) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String[] wanted, String[] documented) {
        if (wanted.length != documented.length) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            boolean variable = documented[i].startsWith("{") && documented[i].endsWith("}");
            if (!variable && !wanted[i].equals("{}") && !documented[i].equals(wanted[i])) {
                return false;
            }
        }
        return true;
    }

    private static int line(String script, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (script.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
