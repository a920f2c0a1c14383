package io.backstop.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ServiceDefaultsTest {

    private static final Bindable<Map<String, String>> PRODUCER_PROPERTIES = Bindable.mapOf(String.class, String.class);

    @Test
    void everyServicesProducersKeepOneRequestInFlight() {
        StandardEnvironment environment = new StandardEnvironment();
        new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(producerProperties(environment)).containsEntry("max.in.flight.requests.per.connection", "1");
    }

    @Test
    void aServicesOwnSettingStillWins() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("application.yml", Map.of(ServiceDefaults.ORDERED_PRODUCER, "2")));
        new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(producerProperties(environment)).containsEntry("max.in.flight.requests.per.connection", "2");
    }

    private static Map<String, String> producerProperties(StandardEnvironment environment) {
        return Binder.get(environment)
                .bind("spring.kafka.producer.properties", PRODUCER_PROPERTIES)
                .orElse(Map.of());
    }
}
