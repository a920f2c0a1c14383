package io.backstop.gateway.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The three roles, each implying the ones below it. The gateway grants (and puts into the identity token) the
 * implied roles too, so a service checking {@code hasRole('editor')} accepts an admin without a hierarchy of its own.
 */
public enum Role {
    viewer,
    editor,
    admin;

    public Set<Role> withImplied() {
        return EnumSet.range(viewer, this);
    }

    public String authority() {
        return "ROLE_" + name();
    }

    /**
     * The user's role names, sorted. Only these are anyone's business: a user's other authorities are Spring
     * Security's bookkeeping (the {@code FACTOR_PASSWORD} it adds for how the user authenticated), which means
     * nothing to a person and no service checks.
     */
    public static List<String> namesOf(Authentication user) {
        return user.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring("ROLE_".length()))
                .sorted()
                .toList();
    }
}
