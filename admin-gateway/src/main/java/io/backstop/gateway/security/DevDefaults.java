package io.backstop.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The public credentials of the embedded profile, read from {@code application-embedded.yml} itself, so the list
 * of values other profiles must refuse can never drift from the file that defines them.
 */
public final class DevDefaults {

    public static final String PROFILE = "embedded";
    private static final String FILE = "application-embedded.yml";

    private final Set<String> passwordHashes;
    private final Set<String> secrets;

    private DevDefaults(Set<String> passwordHashes, Set<String> secrets) {
        this.passwordHashes = passwordHashes;
        this.secrets = secrets;
    }

    public static DevDefaults load() {
        Set<String> hashes = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(FILE, new ClassPathResource(FILE));
            for (PropertySource<?> source : sources) {
                for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                    Object value = source.getProperty(name);
                    if (name.endsWith("password-hash") && value != null) {
                        hashes.add(value.toString());
                    }
                    if (name.equals("backstop.security.gateway-secret") && value != null) {
                        secrets.add(value.toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE, e);
        }
        return new DevDefaults(Set.copyOf(hashes), Set.copyOf(secrets));
    }

    public boolean isDevPasswordHash(String hash) {
        return passwordHashes.contains(hash);
    }

    public boolean isDevSecret(String secret) {
        return secrets.contains(secret);
    }
}
