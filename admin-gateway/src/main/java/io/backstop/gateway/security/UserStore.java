package io.backstop.gateway.security;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The configured users. Outside the embedded profile it refuses to exist when a user still has a default
 * credential, which stops start-up with a message naming the user.
 */
public final class UserStore implements UserDetailsService {

    private static final java.util.regex.Pattern HASH = java.util.regex.Pattern.compile("\\{[a-z0-9]+}.+");
    private static final String PLAIN = "{noop}";

    private final Map<String, UserDetails> users = new HashMap<>();

    public UserStore(
            UsersProperties properties, PasswordEncoder encoder, DevDefaults devDefaults, boolean embeddedProfile) {
        List<String> problems = new ArrayList<>();
        for (UsersProperties.User user : properties.users()) {
            if (users.containsKey(user.username())) {
                problems.add("user '" + user.username() + "' is configured twice");
                continue;
            }
            if (!HASH.matcher(user.passwordHash()).matches()
                    || user.passwordHash().startsWith(PLAIN)
                    || !knownEncoder(user, encoder)) {
                problems.add("user '" + user.username() + "': password-hash must name its encoder and be a hash,"
                        + " e.g. {bcrypt}$2a$10$...; plain passwords ({noop} or none) are not accepted");
                continue;
            }
            if (!embeddedProfile && hasDefaultCredential(user, encoder, devDefaults)) {
                problems.add("user '" + user.username() + "' has a default credential (its password is its user name"
                        + " or it is a dev password of the embedded profile); give it its own password hash");
            }
            users.put(
                    user.username(),
                    User.withUsername(user.username())
                            .password(user.passwordHash())
                            .authorities(authorities(user.roles()).stream()
                                    .map(SimpleGrantedAuthority::new)
                                    .toList())
                            .build());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start: " + String.join("; ", problems)
                    + ". Default credentials are only allowed with the '" + DevDefaults.PROFILE + "' profile.");
        }
    }

    private static boolean knownEncoder(UsersProperties.User user, PasswordEncoder encoder) {
        try {
            encoder.matches("", user.passwordHash());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean hasDefaultCredential(
            UsersProperties.User user, PasswordEncoder encoder, DevDefaults devDefaults) {
        return devDefaults.isDevPasswordHash(user.passwordHash())
                || encoder.matches(user.username(), user.passwordHash());
    }

    static Set<String> authorities(Set<Role> roles) {
        Set<String> authorities = new TreeSet<>();
        roles.forEach(role -> role.withImplied().forEach(implied -> authorities.add(implied.authority())));
        return authorities;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        UserDetails user = users.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("no such user");
        }
        // a copy: the authentication manager erases credentials on the instance it gets
        return User.withUserDetails(user).build();
    }
}
