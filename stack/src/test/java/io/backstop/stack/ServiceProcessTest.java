package io.backstop.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.core.type.TypeReference;

import io.backstop.contracts.Json;

class ServiceProcessTest {

    private final ServiceProcess process = new ServiceProcess(
            "catalog-service",
            Path.of("none.jar"),
            8081,
            Map.of("backstop.security.gateway-secret", "s3cret", "spring.kafka.bootstrap-servers", "127.0.0.1:9092"),
            Path.of("catalog-service.log"));

    @Test
    void settingsTravelAsJsonForSpringBootToRead() {
        Map<String, Object> settings = Json.MAPPER.readValue(process.settingsJson(null), new TypeReference<>() {});
        assertThat(settings)
                .containsEntry("backstop.security.gateway-secret", "s3cret")
                .containsEntry("spring.kafka.bootstrap-servers", "127.0.0.1:9092");
    }

    @Test
    void settingsTheUserExportedInTheSameVariableStayBeneathTheStacksOwn() {
        Map<String, Object> settings = Json.MAPPER.readValue(
                process.settingsJson(
                        "{\"logging.level.root\": \"DEBUG\", \"spring.kafka.bootstrap-servers\": \"elsewhere:9092\"}"),
                new TypeReference<>() {});
        assertThat(settings)
                .containsEntry("logging.level.root", "DEBUG")
                .containsEntry("spring.kafka.bootstrap-servers", "127.0.0.1:9092");
    }
}
