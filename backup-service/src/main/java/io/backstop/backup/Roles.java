package io.backstop.backup;

/** Method-security expressions: viewer reads everything, admin does every write of this service. */
public final class Roles {

    public static final String READ = "hasAnyRole('viewer','editor','admin')";
    public static final String ADMIN = "hasRole('admin')";

    private Roles() {}
}
