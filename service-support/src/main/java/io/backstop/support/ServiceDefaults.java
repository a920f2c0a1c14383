package io.backstop.support;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Operational defaults every back-end service shares, added with the lowest precedence so a service's own
 * application.yml or the environment still wins: probe groups, the Prometheus endpoint, the request id in every
 * log line, JSON logs (ECS) in the production profile, where a log shipper reads them, and producers that keep
 * order within a partition.
 */
public class ServiceDefaults implements EnvironmentPostProcessor {

    /**
     * On the classpath of every back-end service (spring-security-oauth2-resource-server), never on the gateway's,
     * which takes this module's web layer without its dependencies: these defaults are the services'.
     */
    static final String RESOURCE_SERVER =
            "org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken";

    static final String ORDERED_PRODUCER = "spring.kafka.producer.properties.max.in.flight.requests.per.connection";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!isBackEndService(application)) {
            return;
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put("management.endpoint.health.show-details", "never");
        // which component is DOWN (mongo, kafka, ...) for the operator and the stack launcher; not its details
        defaults.put("management.endpoint.health.show-components", "always");
        defaults.put("management.metrics.tags.application", "${spring.application.name:backstop}");
        defaults.put("logging.pattern.level", "%5p [%X{requestId:-}]");
        defaults.put("server.shutdown", "graceful");
        defaults.put("springdoc.api-docs.path", "/v3/api-docs");
        defaults.put("springdoc.api-docs.version", "openapi_3_1");
        // error answers are described once, as the Problem schema (ApiDocs), not guessed per exception handler
        defaults.put("springdoc.override-with-generic-response", "false");
        // A broker takes any first sequence number from a producer id it has no state for on a partition. So when
        // the first of several requests in flight fails retriably (a partition just created or moving), a later one
        // can land first and the retried one is refused for good: events out of order, seen in KillAndRestartIT's
        // broker log as OutOfOrderSequenceException. Capture and audit events must stay in order per document.
        defaults.put(ORDERED_PRODUCER, "1");
        if (Arrays.asList(environment.getActiveProfiles()).contains("production")) {
            defaults.put("logging.structured.format.console", "ecs");
        }
        environment.getPropertySources().addLast(new MapPropertySource("backstopServiceDefaults", defaults));
    }

    /** For the environment post-processors, which run before any condition could say it. */
    static boolean isBackEndService(SpringApplication application) {
        return ClassUtils.isPresent(RESOURCE_SERVER, application.getClassLoader());
    }
}
