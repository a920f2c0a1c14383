package io.backstop.gateway.security;

import java.util.List;
import java.util.Set;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's users, from configuration ({@code backstop.gateway.users}). Only password hashes are stored.
 */
@Validated
@ConfigurationProperties("backstop.gateway")
public record UsersProperties(@NotNull @Valid List<User> users) {

    /**
     * @param passwordHash a delegating-encoder hash such as {@code {bcrypt}$2a$10$...}; generate one with
     *                     {@code htpasswd -bnBC 10 "" 'secret' | tr -d ':\n'} and prefix it with {@code {bcrypt}}
     */
    public record User(
            @NotBlank(message = "every user needs a username")
                    @Pattern(
                            regexp = "[A-Za-z0-9._@-]{1,64}",
                            message = "a username is 1 to 64 letters, digits, '.', '_', '@' or '-'")
                    String username,
            // no @Pattern here: a failed constraint makes Boot print the value, and a plain password put here by
            // mistake must not reach the log; UserStore checks the format and names only the user
            @NotBlank(message = "every user needs a password-hash") String passwordHash,
            @NotEmpty(message = "every user needs at least one of the roles viewer, editor, admin")
                    Set<@NotNull Role> roles) {

        @Override
        public String toString() {
            return "User[username=" + username + ", roles=" + roles + "]";
        }
    }
}
