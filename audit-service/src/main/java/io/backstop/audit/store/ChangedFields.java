package io.backstop.audit.store;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.backstop.diff.Change;

/**
 * The search keys stored in {@link AuditFields#CHANGED_FIELDS}: for a change at {@code stages[1].powerHp} the
 * normalized path {@code stages.powerHp}, its ancestors ({@code stages}) and its trailing suffixes
 * ({@code powerHp}), so {@code field=powerHp}, {@code field=stages} and {@code field=stages[0].powerHp} all
 * find it with one exact match on a multikey index.
 */
public final class ChangedFields {

    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

    private ChangedFields() {}

    /** {@code stages[1].powerHp} becomes {@code stages.powerHp}. */
    public static String normalize(String path) {
        return INDEX.matcher(path).replaceAll("");
    }

    public static List<String> of(List<Change> changes) {
        Set<String> keys = new LinkedHashSet<>();
        for (Change change : changes) {
            String normalized = normalize(change.path());
            if (normalized.isEmpty()) {
                continue;
            }
            String[] parts = normalized.split("\\.");
            StringBuilder prefix = new StringBuilder();
            for (String part : parts) {
                if (!prefix.isEmpty()) {
                    prefix.append('.');
                }
                keys.add(prefix.append(part).toString());
            }
            for (int i = 1; i < parts.length; i++) {
                keys.add(String.join(".", java.util.Arrays.asList(parts).subList(i, parts.length)));
            }
        }
        return List.copyOf(keys);
    }
}
