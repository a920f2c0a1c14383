package io.backstop.backup.ops;

import com.fasterxml.jackson.annotation.JsonValue;

public enum OperationStatus {
    RUNNING,
    COMPLETED,
    FAILED;

    @JsonValue
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return the status with this value, or null when none has it */
    public static OperationStatus of(String value) {
        for (OperationStatus status : values()) {
            if (status.value().equals(value)) {
                return status;
            }
        }
        return null;
    }
}
