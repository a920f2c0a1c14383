package io.backstop.backup.ops;

public enum OperationStatus {
    RUNNING, COMPLETED, FAILED;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
