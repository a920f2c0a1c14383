package io.backstop.contracts;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The audit actions, as stored in {@code _change.action} and in audit entries. In JSON and in the database an
 * action is its lower-case {@link #value()}, as it was when these were string constants.
 */
public enum Actions {
    CREATE("create"),
    UPDATE("update"),
    DELETE("delete"),
    MOVE("move"),
    ROLLBACK("rollback"),
    RESTORE("restore"),
    /**
     * A change made outside the API (a script, the mongo shell) that no capture recorded, found afterwards by
     * audit-service: its entry is by {@code unknown} and {@code metadata.detectedBy} says what found it. Only
     * audit-service writes it; no write of the catalog carries it.
     */
    EXTERNAL("external");

    /** What a write of the catalog may carry in {@code _change.action}. */
    public static final List<Actions> WRITES = List.of(CREATE, UPDATE, DELETE, MOVE, ROLLBACK, RESTORE);

    /** What an audit entry may carry. */
    public static final List<Actions> ALL = List.of(values());

    private final String value;

    Actions(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** The value, so that an action in a message or a metric tag reads as it does in JSON. */
    @Override
    public String toString() {
        return value;
    }

    /**
     * @return the action whose value is {@code value}
     * @throws IllegalArgumentException for anything else, naming the accepted values
     */
    @JsonCreator
    public static Actions of(String value) {
        Actions found = find(value);
        if (found == null) {
            throw new IllegalArgumentException("unknown action '" + value + "', expected one of " + ALL);
        }
        return found;
    }

    /** @return the action whose value is {@code value}, or null (for what a direct database write left, say) */
    public static Actions find(Object value) {
        return Arrays.stream(values())
                .filter(a -> a.value.equals(value))
                .findFirst()
                .orElse(null);
    }
}
