package io.backstop.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * In the {@code production} profile, the connection strings and the gateway secret must come from outside the
 * jar (environment variables, system properties, command line, a config tree or file of secrets): never the
 * embedded stack's defaults in a service's bundled application.yml, which would quietly point a production pod
 * at localhost. One message lists every missing variable by name; values are never printed.
 */
public class ProductionSettings implements EnvironmentPostProcessor {

    public static final String PROFILE = "production";

    /** property -> the environment variable operators set. */
    static final Map<String, String> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("spring.mongodb.uri", "SPRING_MONGODB_URI");
        REQUIRED.put("spring.kafka.bootstrap-servers", "SPRING_KAFKA_BOOTSTRAP_SERVERS");
        REQUIRED.put("backstop.security.gateway-secret", "BACKSTOP_GATEWAY_SECRET");
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!ServiceDefaults.isBackEndService(application)) {
            return;
        }
        if (!Arrays.asList(environment.getActiveProfiles()).contains(PROFILE)) {
            return;
        }
        List<String> missing = new ArrayList<>();
        REQUIRED.forEach((property, variable) -> {
            if (!fromOutside(environment, property)) {
                missing.add(variable + " (" + property + ")");
            }
        });
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The '" + PROFILE + "' profile takes its connections and secrets from the"
                    + " environment; set " + String.join(", ", missing) + ". The defaults bundled in the jar are for"
                    + " the embedded stack only.");
        }
    }

    /**
     * Set, not blank, and not a literal bundled in the jar. A bundled {@code ${VARIABLE}} reference (how
     * application.yml reads {@code BACKSTOP_GATEWAY_SECRET}) counts when the variable supplies a value.
     */
    private static boolean fromOutside(ConfigurableEnvironment environment, String property) {
        PropertySource<?> source = winningSource(environment, property);
        Object raw = source == null ? null : source.getProperty(property);
        if (raw == null) {
            return false;
        }
        if (bundled(source) && !raw.toString().contains("${")) {
            return false;
        }
        String resolved;
        try {
            resolved = environment.getProperty(property);
        } catch (IllegalArgumentException unresolvable) {
            return false;
        }
        return resolved != null && !resolved.isBlank();
    }

    private static PropertySource<?> winningSource(ConfigurableEnvironment environment, String property) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            // Boot's view over all the others, not a source of its own
            if (!"configurationProperties".equals(source.getName()) && source.containsProperty(property)) {
                return source;
            }
        }
        return null;
    }

    /** application*.yml / .properties inside the jar (or on the test classpath). */
    private static boolean bundled(PropertySource<?> source) {
        return source.getName().contains("class path resource")
                || source.getName().startsWith("backstopServiceDefaults");
    }
}
