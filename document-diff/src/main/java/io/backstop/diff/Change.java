package io.backstop.diff;

import java.util.Objects;

/**
 * One field-level difference between two documents.
 *
 * <p>{@code path} is dotted with {@code [i]} for array elements ({@code stages[1].powerHp}). Indexes of
 * {@link Kind#REMOVED} elements refer to the old array, those of {@link Kind#ADDED} and {@link Kind#CHANGED}
 * elements to the new one (JaVers' convention for list changes). {@code from} is null for an addition,
 * {@code to} for a removal; both are the original values, not copies.
 */
public record Change(String path, Kind kind, Object from, Object to) {

    public Change {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }

    public static Change added(String path, Object to) {
        return new Change(path, Kind.ADDED, null, to);
    }

    public static Change removed(String path, Object from) {
        return new Change(path, Kind.REMOVED, from, null);
    }

    public static Change changed(String path, Object from, Object to) {
        return new Change(path, Kind.CHANGED, from, to);
    }

    public enum Kind {
        ADDED("added"),
        REMOVED("removed"),
        CHANGED("changed");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The lower-case name used in stored entries and on the wire. */
        public String label() {
            return label;
        }

        public static Kind ofLabel(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException(
                    "unknown change kind '" + label + "', expected added, removed or changed");
        }
    }
}
