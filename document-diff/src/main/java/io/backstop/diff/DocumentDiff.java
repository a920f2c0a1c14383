package io.backstop.diff;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

import com.github.difflib.DiffUtils;
import com.github.difflib.algorithm.myers.MyersDiff;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;

/**
 * Field-level diff of two documents given as maps (an {@code org.bson.Document} is one), in the spirit of
 * JaVers' value and list changes.
 *
 * <ul>
 *   <li>Nested maps are compared field by field: {@code engine.powerHp}.</li>
 *   <li>Arrays are compared element by element, never as one opaque value, after java-diff-utils' Myers
 *       alignment (the shortest edit script), so removing the first of three elements is one {@code removed}, not
 *       two changes and a removal. Elements are aligned by the first {@linkplain Builder#identityFields identity
 *       field} every sub-document of both arrays carries (unique within each array), else by whole value, leaving
 *       out {@linkplain Builder#ordinalFields ordinal fields}. Aligned elements are diffed inside; a run of
 *       replaced elements as long as what replaced it (Myers' CHANGE) is an edit in place, diffed pairwise; any
 *       other run is {@code removed} (old indexes) and {@code added} (new indexes). With identities, a sub-document
 *       that moved is removed at its old index and added at its new one.</li>
 *   <li>Numbers compare by value ({@code 200 == 200L == 200.0}); see {@link Values#deepEquals}.</li>
 *   <li>{@linkplain Builder#ignoring Ignored} top-level keys never produce a change.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DocumentDiff {

    /** The identity fields used when none are configured. */
    public static final List<String> DEFAULT_IDENTITY_FIELDS = List.of("_id", "id");

    private final Set<String> ignored;
    private final List<String> identityFields;
    private final Set<String> ordinalFields;

    private DocumentDiff(Set<String> ignored, List<String> identityFields, Set<String> ordinalFields) {
        this.ignored = ignored;
        this.identityFields = identityFields;
        this.ordinalFields = ordinalFields;
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
            } else {
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
        } else if (a instanceof List<?> la && b instanceof List<?> lb) {
            diffLists(la, lb, path, out);
        } else if (!Values.deepEquals(a, b)) {
            out.add(Change.changed(path.toString(), a, b));
        }
    }

    private void diffLists(List<?> a, List<?> b, StringBuilder path, List<Change> out) {
        String identity = identityField(a, b);
        BiPredicate<Object, Object> same = identity != null
                ? (x, y) -> Values.deepEquals(((Map<?, ?>) x).get(identity), ((Map<?, ?>) y).get(identity))
                : this::equalButOrdinals;
        @SuppressWarnings("unchecked")
        Patch<Object> patch = DiffUtils.diff((List<Object>) a, (List<Object>) b, new MyersDiff<>(same), null, true);
        for (AbstractDelta<Object> delta : patch.getDeltas()) {
            int i = delta.getSource().getPosition();
            int j = delta.getTarget().getPosition();
            int n = delta.getSource().size();
            int m = delta.getTarget().size();
            // EQUAL pairs are the same element (by identity or by value but ordinals), still diffed for what differs
            // inside; a CHANGE of as many elements as it replaces edited them in place, unless identities say
            // they are other elements
            int paired =
                    switch (delta.getType()) {
                        case EQUAL -> n;
                        case CHANGE -> identity == null && n == m ? n : 0;
                        default -> 0;
                    };
            for (int k = 0; k < paired; k++) {
                diffElement(a.get(i + k), i + k, b.get(j + k), j + k, path, out);
            }
            for (int k = paired; k < n; k++) {
                out.add(Change.removed(indexPath(path, i + k), a.get(i + k)));
            }
            for (int k = paired; k < m; k++) {
                out.add(Change.added(indexPath(path, j + k), b.get(j + k)));
            }
        }
    }

    /** Whole-value equality, except that sub-documents' ordinal fields are not compared (they follow the position). */
    private boolean equalButOrdinals(Object x, Object y) {
        if (!ordinalFields.isEmpty() && x instanceof Map<?, ?> mx && y instanceof Map<?, ?> my) {
            return Values.mapsEqual(mx, my, ordinalFields);
        }
        return Values.deepEquals(x, y);
    }

    /**
     * Diffs the element at old index {@code i} with the one at new index {@code j}. An ordinal field is a change
     * only when it does not follow the element's move: stage 2 that became stage 1 by moving up one place is not.
     */
    private void diffElement(Object a, int i, Object b, int j, StringBuilder path, List<Change> out) {
        int mark = path.length();
        path.append('[').append(j).append(']');
        if (!ordinalFields.isEmpty() && a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            diffMaps(ma, mb, path, ordinalFields, out);
            for (String field : ordinalFields) {
                boolean inA = ma.containsKey(field);
                boolean inB = mb.containsKey(field);
                Object from = ma.get(field);
                Object to = mb.get(field);
                if (inA && inB && (Values.deepEquals(from, to) || followsMove(from, i, to, j))) {
                    continue;
                }
                if (inA || inB) {
                    int fieldMark = path.length();
                    appendKey(path, fieldMark, field);
                    out.add(
                            !inB
                                    ? Change.removed(path.toString(), from)
                                    : !inA
                                            ? Change.added(path.toString(), to)
                                            : Change.changed(path.toString(), from, to));
                    path.setLength(fieldMark);
                }
            }
        } else {
            diffValues(a, b, path, out);
        }
        path.setLength(mark);
    }

    private static boolean followsMove(Object from, int i, Object to, int j) {
        return from instanceof Number f
                && to instanceof Number t
                && Values.isIntegral(f)
                && Values.isIntegral(t)
                && f.longValue() - i == t.longValue() - j;
    }

    private static String indexPath(StringBuilder path, int index) {
        int mark = path.length();
        String s = path.append('[').append(index).append(']').toString();
        path.setLength(mark);
        return s;
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
        private Set<String> ordinalFields = Set.of();

        private Builder() {}

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

        /**
         * Fields of array sub-documents that number their place (the catalog's {@code stage}: 1, 2, 3 ... in
         * order). They are no identity: after a removal the elements behind it are renumbered. Alignment leaves
         * them out, and an aligned element reports one only when it changed other than by following the move.
         */
        public Builder ordinalFields(Collection<String> fields) {
            this.ordinalFields = Set.copyOf(fields);
            return this;
        }

        public DocumentDiff build() {
            return new DocumentDiff(ignored, identityFields, ordinalFields);
        }
    }
}
