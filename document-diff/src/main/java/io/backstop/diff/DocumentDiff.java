package io.backstop.diff;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Field-level diff of two documents given as maps (an {@code org.bson.Document} is one), in the spirit of
 * JaVers' value and list changes.
 *
 * <ul>
 *   <li>Nested maps are compared field by field: {@code engine.powerHp}.</li>
 *   <li>Arrays are compared element by element, never as one opaque value. Arrays of sub-documents that all
 *       carry one of the {@linkplain Builder#identityFields identity fields} (unique within each array) are
 *       matched by it, so inserting a stage at the front is one {@code added}, not one change per stage; a
 *       sub-document that moved is reported as removed at its old index and added at its new one. Other arrays
 *       are aligned by a longest common subsequence of equal elements; what is left between two aligned
 *       elements is paired up by position as {@code changed} (sub-documents then diffed field by field), the
 *       rest is {@code added} or {@code removed}.</li>
 *   <li>Numbers compare by value ({@code 200 == 200L == 200.0}); see {@link Values#deepEquals}.</li>
 *   <li>{@linkplain Builder#ignoring Ignored} top-level keys never produce a change.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe. A diff allocates only for the changes it reports and, for arrays
 * that differ in their middle, the alignment table.
 */
public final class DocumentDiff {

    /** The identity fields used when none are configured. */
    public static final List<String> DEFAULT_IDENTITY_FIELDS = List.of("_id", "id", "stage");

    /** Above this much alignment state (about d^2 ints for d differences) arrays are paired by position. */
    private static final long MAX_TRACE_INTS = 1_000_000L;

    private final Set<String> ignored;
    private final List<String> identityFields;

    private DocumentDiff(Set<String> ignored, List<String> identityFields) {
        this.ignored = ignored;
        this.identityFields = identityFields;
    }

    public static DocumentDiff defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The changes that turn {@code before} into {@code after}, in document order: a null {@code before} (a
     * create) yields one {@code added} per top-level field, a null {@code after} (a delete) one {@code removed}.
     */
    public List<Change> diff(Map<String, ?> before, Map<String, ?> after) {
        List<Change> out = new ArrayList<>();
        StringBuilder path = new StringBuilder(64);
        if (before == null && after == null) {
            return out;
        }
        if (before == null) {
            for (Map.Entry<String, ?> e : after.entrySet()) {
                if (!ignored.contains(e.getKey())) {
                    out.add(Change.added(e.getKey(), e.getValue()));
                }
            }
            return out;
        }
        if (after == null) {
            for (Map.Entry<String, ?> e : before.entrySet()) {
                if (!ignored.contains(e.getKey())) {
                    out.add(Change.removed(e.getKey(), e.getValue()));
                }
            }
            return out;
        }
        diffMaps(before, after, path, ignored, out);
        return out;
    }

    /** True when the two documents are equal apart from the {@code ignored} top-level keys; stops at the first difference. */
    public static boolean equalIgnoring(Map<String, ?> a, Map<String, ?> b, Set<String> ignored) {
        if (a == null || b == null) {
            return a == b;
        }
        return Values.mapsEqual(a, b, ignored == null ? Set.of() : ignored);
    }

    private void diffMaps(Map<?, ?> before, Map<?, ?> after, StringBuilder path, Set<String> skip, List<Change> out) {
        int mark = path.length();
        for (Map.Entry<?, ?> e : before.entrySet()) {
            Object key = e.getKey();
            if (skip.contains(key)) {
                continue;
            }
            appendKey(path, mark, key);
            Object newValue = after.get(key);
            if (newValue == null && !after.containsKey(key)) {
                out.add(Change.removed(path.toString(), e.getValue()));
            }
            else {
                diffValues(e.getValue(), newValue, path, out);
            }
            path.setLength(mark);
        }
        for (Map.Entry<?, ?> e : after.entrySet()) {
            Object key = e.getKey();
            if (skip.contains(key) || before.containsKey(key)) {
                continue;
            }
            appendKey(path, mark, key);
            out.add(Change.added(path.toString(), e.getValue()));
            path.setLength(mark);
        }
    }

    private static void appendKey(StringBuilder path, int mark, Object key) {
        if (mark > 0) {
            path.append('.');
        }
        path.append(key);
    }

    private void diffValues(Object a, Object b, StringBuilder path, List<Change> out) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            diffMaps(ma, mb, path, Set.of(), out);
        }
        else if (a instanceof List<?> la && b instanceof List<?> lb) {
            diffLists(la, lb, path, out);
        }
        else if (!Values.deepEquals(a, b)) {
            out.add(Change.changed(path.toString(), a, b));
        }
    }

    private void diffLists(List<?> a, List<?> b, StringBuilder path, List<Change> out) {
        String identity = identityField(a, b);
        int n = a.size();
        int m = b.size();
        int start = 0;
        while (start < n && start < m && sameElement(a.get(start), b.get(start), identity)) {
            start++;
        }
        int endA = n;
        int endB = m;
        while (endA > start && endB > start && sameElement(a.get(endA - 1), b.get(endB - 1), identity)) {
            endA--;
            endB--;
        }
        if (identity != null) {
            // matched by identity: their contents may still differ
            for (int i = 0; i < start; i++) {
                diffElement(a.get(i), b.get(i), i, path, out);
            }
        }
        alignMiddle(a, b, start, endA, start, endB, identity, path, out);
        if (identity != null) {
            for (int i = endA, j = endB; i < n; i++, j++) {
                diffElement(a.get(i), b.get(j), j, path, out);
            }
        }
    }

    private void alignMiddle(List<?> a, List<?> b, int fromA, int toA, int fromB, int toB, String identity,
                             StringBuilder path, List<Change> out) {
        int n = toA - fromA;
        int m = toB - fromB;
        if (n == 0 && m == 0) {
            return;
        }
        int[] matches = n == 0 || m == 0 ? null : myersMatches(a, b, fromA, n, fromB, m, identity);
        if (matches == null) {
            gap(a, b, fromA, toA, fromB, toB, identity, path, out);
            return;
        }
        int gapA = fromA;
        int gapB = fromB;
        for (int k = matches.length - 2; k >= 0; k -= 2) {
            int i = fromA + matches[k];
            int j = fromB + matches[k + 1];
            gap(a, b, gapA, i, gapB, j, identity, path, out);
            if (identity != null) {
                diffElement(a.get(i), b.get(j), j, path, out);
            }
            gapA = i + 1;
            gapB = j + 1;
        }
        gap(a, b, gapA, toA, gapB, toB, identity, path, out);
    }

    /**
     * Myers' O((n+m)d) shortest edit script, keeping only the frontier slices it needs to trace back (O(d^2)
     * ints), so arrays that differ in a few places stay cheap however long they are. Returns the aligned pairs
     * as (i, j) relative offsets, last pair first, or null when the arrays differ in too many places (the
     * caller then pairs them by position).
     */
    private static int[] myersMatches(List<?> a, List<?> b, int fromA, int n, int fromB, int m, String identity) {
        int max = n + m;
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        long budget = MAX_TRACE_INTS;
        for (int d = 0; d <= max; d++) {
            int lo = offset - d - 1;
            int[] slice = java.util.Arrays.copyOfRange(v, lo, offset + d + 2);
            budget -= slice.length;
            if (budget < 0) {
                return null;
            }
            trace.add(slice);
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && sameElement(a.get(fromA + x), b.get(fromB + y), identity)) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    return traceBack(trace, n, m, d);
                }
            }
        }
        throw new IllegalStateException("unreachable: an edit script of length n+m always exists");
    }

    private static int[] traceBack(List<int[]> trace, int n, int m, int dEnd) {
        int[] pairs = new int[2 * Math.min(n, m)];
        int count = 0;
        int x = n;
        int y = m;
        for (int d = dEnd; d >= 0; d--) {
            int[] slice = trace.get(d);
            int base = d + 1; // slice index of diagonal k is k + d + 1
            int k = x - y;
            int prevK = (k == -d || (k != d && slice[base + k - 1] < slice[base + k + 1])) ? k + 1 : k - 1;
            int prevX = d == 0 ? 0 : slice[base + prevK];
            int prevY = d == 0 ? 0 : prevX - prevK;
            while (x > prevX && y > prevY) {
                x--;
                y--;
                pairs[count++] = x;
                pairs[count++] = y;
            }
            x = prevX;
            y = prevY;
        }
        return java.util.Arrays.copyOf(pairs, count);
    }

    /** Elements between two aligned ones: paired by position when they have no identity, else removed and added. */
    private void gap(List<?> a, List<?> b, int fromA, int toA, int fromB, int toB, String identity,
                     StringBuilder path, List<Change> out) {
        int paired = identity == null ? Math.min(toA - fromA, toB - fromB) : 0;
        for (int k = 0; k < paired; k++) {
            diffElement(a.get(fromA + k), b.get(fromB + k), fromB + k, path, out);
        }
        for (int i = fromA + paired; i < toA; i++) {
            out.add(Change.removed(indexPath(path, i), a.get(i)));
        }
        for (int j = fromB + paired; j < toB; j++) {
            out.add(Change.added(indexPath(path, j), b.get(j)));
        }
    }

    private void diffElement(Object a, Object b, int index, StringBuilder path, List<Change> out) {
        int mark = path.length();
        path.append('[').append(index).append(']');
        diffValues(a, b, path, out);
        path.setLength(mark);
    }

    private static String indexPath(StringBuilder path, int index) {
        int mark = path.length();
        String s = path.append('[').append(index).append(']').toString();
        path.setLength(mark);
        return s;
    }

    private static boolean sameElement(Object a, Object b, String identity) {
        if (identity != null) {
            return Values.deepEquals(((Map<?, ?>) a).get(identity), ((Map<?, ?>) b).get(identity));
        }
        return Values.deepEquals(a, b);
    }

    /** The first identity field every element of both arrays carries, non-null and unique per array; else null. */
    private String identityField(List<?> a, List<?> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return null;
        }
        for (String field : identityFields) {
            if (identifies(a, field) && identifies(b, field)) {
                return field;
            }
        }
        return null;
    }

    private static boolean identifies(List<?> list, String field) {
        int size = list.size();
        for (int i = 0; i < size; i++) {
            if (!(list.get(i) instanceof Map<?, ?> m) || m.get(field) == null) {
                return false;
            }
        }
        // small arrays are the norm in catalog documents: a quadratic uniqueness check allocates nothing
        if (size <= 32) {
            for (int i = 1; i < size; i++) {
                Object id = ((Map<?, ?>) list.get(i)).get(field);
                for (int k = 0; k < i; k++) {
                    if (Values.deepEquals(id, ((Map<?, ?>) list.get(k)).get(field))) {
                        return false;
                    }
                }
            }
            return true;
        }
        Set<Object> seen = new java.util.HashSet<>();
        for (Object element : list) {
            Object id = ((Map<?, ?>) element).get(field);
            // numbers are normalised so that 1 and 1L count as the same identity
            if (!seen.add(id instanceof Number n ? Double.valueOf(n.doubleValue()) : id)) {
                return false;
            }
        }
        return true;
    }

    public static final class Builder {

        private Set<String> ignored = Set.of();
        private List<String> identityFields = DEFAULT_IDENTITY_FIELDS;

        private Builder() {
        }

        /** Top-level keys that never produce a change (for the catalog: {@code version}, {@code _change}). */
        public Builder ignoring(Collection<String> topLevelKeys) {
            this.ignored = Set.copyOf(topLevelKeys);
            return this;
        }

        /** Fields that identify a sub-document inside an array, tried in order. */
        public Builder identityFields(Collection<String> fields) {
            this.identityFields = List.copyOf(fields);
            return this;
        }

        public DocumentDiff build() {
            return new DocumentDiff(ignored, identityFields);
        }
    }
}
