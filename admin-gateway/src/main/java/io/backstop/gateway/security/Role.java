package io.backstop.gateway.security;

import java.util.EnumSet;
import java.util.Set;

/**
 * The three roles, each implying the ones below it. The gateway grants (and puts into the identity token) the
 * implied roles too, so a service checking {@code hasRole('editor')} accepts an admin without a hierarchy of its own.
 */
public enum Role {
    viewer, editor, admin;

    public Set<Role> withImplied() {
        return EnumSet.range(viewer, this);
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
