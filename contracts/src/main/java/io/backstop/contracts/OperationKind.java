package io.backstop.contracts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The kinds of operation backup-service runs. The lowercase {@link #value()} is what the lease, the operation
 * records and the progress events on Kafka have always carried, so consumers built before this enum still read it.
 */
public enum OperationKind {
    BACKUP("backup", true),
    RESTORE("restore", true),
    PITR("point-in-time restore", true),
    CLEANUP("cleanup", true),
    /** Re-reads a backup's files; read-only, so it does not take the global lock. */
    VERIFY("verification", false);

    private final String label;
    private final boolean blocking;

    OperationKind(String label, boolean blocking) {
        this.label = label;
        this.blocking = blocking;
    }

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The wire value, so that a kind written into a log line or a document reads as it does everywhere else. */
    @Override
    public String toString() {
        return value();
    }

    /** How a person would name it in a sentence ("Backstop point-in-time restore completed"). */
    public String label() {
        return label;
    }

    /** Holds the global lock while it runs: the UI shows its overlay and conflicting work is refused. */
    public boolean blocking() {
        return blocking;
    }

    public static List<OperationKind> blockingKinds() {
        return Arrays.stream(values()).filter(OperationKind::blocking).toList();
    }

    /** @throws IllegalArgumentException for a value no kind has, naming the ones that exist */
    @JsonCreator
    public static OperationKind of(String value) {
        for (OperationKind kind : values()) {
            if (kind.value().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not an operation kind; use one of "
                + Arrays.stream(values()).map(OperationKind::value).toList());
    }
}
