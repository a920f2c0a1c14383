package io.backstop.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class ProductionSettingsTest {

    private static final String SECRET = "Env-Leakcheck-Secret-0123456789-abcdef";

    private static StandardEnvironment environment(
            String profile, Map<String, Object> bundled, Map<String, Object> env) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addLast(new SystemEnvironmentPropertySource("systemEnvironment", env));
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "Config resource 'class path resource [application.yml]' via location 'optional:classpath:/'",
                        bundled));
        if (profile != null) {
            environment.setActiveProfiles(profile);
        }
        return environment;
    }

    private static final Map<String, Object> BUNDLED = Map.of(
            "spring.mongodb.uri",
            "mongodb://127.0.0.1:27018",
            "spring.kafka.bootstrap-servers",
            "127.0.0.1:9092",
            "backstop.security.gateway-secret",
            "${BACKSTOP_GATEWAY_SECRET:}");

    private static final Map<String, Object> ENV = Map.of(
            "SPRING_MONGODB_URI",
            "mongodb://svc:pw@mongo:27017/?replicaSet=rs0",
            "SPRING_KAFKA_BOOTSTRAP_SERVERS",
            "kafka:9092",
            "BACKSTOP_GATEWAY_SECRET",
            SECRET);

    @Test
    void productionRefusesTheBundledDefaultsNamingEveryVariable() {
        Throwable failure = catchThrowable(() -> new ProductionSettings()
                .postProcessEnvironment(environment("production", BUNDLED, Map.of()), new SpringApplication()));

        assertThat(failure)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SPRING_MONGODB_URI")
                .hasMessageContaining("SPRING_KAFKA_BOOTSTRAP_SERVERS")
                .hasMessageContaining("BACKSTOP_GATEWAY_SECRET")
                .hasMessageNotContaining("127.0.0.1");
    }

    @Test
    void productionRefusesABlankVariableWithoutPrintingTheOthers() {
        Map<String, Object> env = new java.util.HashMap<>(ENV);
        env.put("BACKSTOP_GATEWAY_SECRET", " ");

        Throwable failure = catchThrowable(() -> new ProductionSettings()
                .postProcessEnvironment(environment("production", BUNDLED, env), new SpringApplication()));

        assertThat(failure)
                .hasMessageContaining("BACKSTOP_GATEWAY_SECRET")
                .hasMessageNotContaining("SPRING_MONGODB_URI")
                .hasMessageNotContaining("pw@");
    }

    @Test
    void productionAcceptsSettingsFromTheEnvironment() {
        assertThatNoException().isThrownBy(() -> new ProductionSettings()
                .postProcessEnvironment(environment("production", BUNDLED, ENV), new SpringApplication()));
    }

    @Test
    void otherProfilesKeepTheBundledDefaults() {
        assertThatNoException().isThrownBy(() -> new ProductionSettings()
                .postProcessEnvironment(environment(null, BUNDLED, Map.of()), new SpringApplication()));
    }
}
