package io.backstop.audit.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.bson.Document;

import io.backstop.contracts.AuditChain;
import io.backstop.contracts.PlainJson;

/**
 * Redaction markers in stored documents ({@code {"redacted": "sha256:<digest>"}}, docs/audit-chain.md): placing one
 * at a path of the form changes use ({@code contact.email}, {@code stages[1].name}), and carrying markers forward
 * so that a value redacted from the newest entry does not come back with the document's next change.
 */
public final class Redactions {

    private Redactions() {}

    /** One step of a path: a field name or an array index. */
    private record Step(String field, int index) {}

    /** The steps of {@code path}; null when it is not of the form changes use. */
    static List<Step> parse(String path) {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0
                        || close == i + 1
                        || !path.substring(i + 1, close).chars().allMatch(Character::isDigit)
                        || close - i > 10) {
                    return null;
                }
                steps.add(new Step(null, Integer.parseInt(path.substring(i + 1, close))));
                i = close + 1;
                if (i < path.length() && path.charAt(i) == '.') {
                    i++;
                    if (i == path.length()) {
                        return null;
                    }
                }
                continue;
            }
            int end = i;
            while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                end++;
            }
            if (end == i) {
                return null;
            }
            steps.add(new Step(path.substring(i, end), -1));
            i = end;
            if (i < path.length() && path.charAt(i) == '.') {
                i++;
                if (i == path.length()) {
                    return null;
                }
            }
        }
        return steps.isEmpty() ? null : steps;
    }

    public static boolean isValidPath(String path) {
        return path != null && parse(path) != null;
    }

    /** The marker standing for {@code value} (a stored BSON value). */
    public static Document marker(Object value) {
        return new Document(AuditChain.redactionMarker(PlainJson.of(value)));
    }

    public static boolean isMarker(Object value) {
        return value instanceof Map<?, ?> && AuditChain.isRedactionMarker(value);
    }

    /**
     * Replaces the value at {@code path} under {@code root} (a Document or a List) by its marker; false when there is
     * no value there, or only null, or a marker already.
     */
    public static boolean redact(Object root, String path) {
        List<Step> steps = parse(path);
        return steps != null && redact(root, steps, 0);
    }

    @SuppressWarnings("unchecked")
    private static boolean redact(Object node, List<Step> steps, int at) {
        Step step = steps.get(at);
        boolean last = at == steps.size() - 1;
        if (step.field() != null && node instanceof Document d && !isMarker(d) && d.containsKey(step.field())) {
            Object value = d.get(step.field());
            if (!last) {
                return redact(value, steps, at + 1);
            }
            if (value == null || isMarker(value)) {
                return false;
            }
            d.put(step.field(), marker(value));
            return true;
        }
        if (step.field() == null && node instanceof List<?> list && step.index() < list.size()) {
            Object value = list.get(step.index());
            if (!last) {
                return redact(value, steps, at + 1);
            }
            if (value == null || isMarker(value)) {
                return false;
            }
            ((List<Object>) list).set(step.index(), marker(value));
            return true;
        }
        return false;
    }

    /** Whether {@code inner} is {@code outer} or a path below it. */
    public static boolean isWithin(String inner, String outer) {
        return inner.equals(outer) || inner.startsWith(outer + ".") || inner.startsWith(outer + "[");
    }

    /** The part of {@code inner} below {@code outer} ({@link #isWithin} must hold and the two differ). */
    public static String below(String inner, String outer) {
        String rest = inner.substring(outer.length());
        return rest.startsWith(".") ? rest.substring(1) : rest;
    }

    /**
     * A copy of {@code doc} in which every value that {@code previous} holds redacted at the same path, unchanged
     * (same digest), is the marker again; {@code doc} itself when {@code previous} holds no marker.
     */
    public static Document carryForward(Document previous, Document doc) {
        if (previous == null || doc == null) {
            return doc;
        }
        List<String[]> markers = new ArrayList<>();
        collect(previous, "", (path, marker) -> markers.add(new String[] {path, marker}));
        if (markers.isEmpty()) {
            return doc;
        }
        Document copy = deepCopy(doc);
        for (String[] m : markers) {
            Object value = valueAt(copy, parse(m[0]));
            if (value != null
                    && !isMarker(value)
                    && AuditChain.REDACTED_PREFIX
                            .concat(AuditChain.digest(PlainJson.of(value)))
                            .equals(m[1])) {
                redact(copy, m[0]);
            }
        }
        return copy;
    }

    private static void collect(Object node, String path, BiConsumer<String, String> found) {
        if (node instanceof Document d) {
            if (isMarker(d)) {
                found.accept(path, d.getString(AuditChain.REDACTED));
                return;
            }
            d.forEach((k, v) -> collect(v, path.isEmpty() ? k : path + "." + k, found));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(list.get(i), path + "[" + i + "]", found);
            }
        }
    }

    private static Object valueAt(Object node, List<Step> steps) {
        for (Step step : steps) {
            if (step.field() != null && node instanceof Document d) {
                node = d.get(step.field());
            } else if (step.field() == null && node instanceof List<?> list && step.index() < list.size()) {
                node = list.get(step.index());
            } else {
                return null;
            }
        }
        return node;
    }

    /** A copy whose nested documents and lists are copies too, so redacting it leaves the original alone. */
    @SuppressWarnings("unchecked")
    public static <T> T deepCopy(T value) {
        if (value instanceof Document d) {
            Document copy = new Document();
            d.forEach((k, v) -> copy.put(k, deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return value;
    }
}
