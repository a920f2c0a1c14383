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

    public static final List<String> ALL = List.of(CREATE, UPDATE, DELETE, MOVE, ROLLBACK, RESTORE);

    private Actions() {
    }
}
