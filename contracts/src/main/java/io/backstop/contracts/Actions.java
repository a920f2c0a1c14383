package io.backstop.contracts;

import java.util.List;

/** The audit actions, as stored in {@code _change.action} and in audit entries. */
public final class Actions {

    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String DELETE = "delete";
    public static final String MOVE = "move";
    public static final String ROLLBACK = "rollback";
    public static final String RESTORE = "restore";
    /**
     * A change made outside the API (a script, the mongo shell) that no capture recorded, found afterwards by
     * audit-service: its entry is by {@code unknown} and {@code metadata.detectedBy} says what found it. Only
     * audit-service writes it; no write of the catalog carries it.
     */
    public static final String EXTERNAL = "external";

    /** What a write of the catalog may carry in {@code _change.action}. */
    public static final List<String> WRITES = List.of(CREATE, UPDATE, DELETE, MOVE, ROLLBACK, RESTORE);

    /** What an audit entry may carry. */
    public static final List<String> ALL = List.of(CREATE, UPDATE, DELETE, MOVE, ROLLBACK, RESTORE, EXTERNAL);

    private Actions() {
    }
}
