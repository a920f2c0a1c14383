package io.backstop.support;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Operational defaults every back-end service shares, added with the lowest precedence so a service's own
 * application.yml or the environment still wins: probe groups, the Prometheus endpoint, the request id in every
 * log line, and JSON logs (ECS) in the production profile, where a log shipper reads them.
 */
public class ServiceDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put("management.endpoint.health.show-details", "never");
        defaults.put("management.metrics.tags.application", "${spring.application.name:backstop}");
        defaults.put("logging.pattern.level", "%5p [%X{requestId:-}]");
        defaults.put("server.shutdown", "graceful");
        defaults.put("springdoc.api-docs.path", "/v3/api-docs");
        if (Arrays.asList(environment.getActiveProfiles()).contains("production")) {
            defaults.put("logging.structured.format.console", "ecs");
        }
        environment.getPropertySources().addLast(new MapPropertySource("backstopServiceDefaults", defaults));
    }
}
