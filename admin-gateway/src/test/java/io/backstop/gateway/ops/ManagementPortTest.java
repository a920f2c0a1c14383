package io.backstop.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.backstop.gateway.SessionStore;

/**
 * With a separate management port (production: not published outside the cluster), Prometheus scrapes the
 * gateway without credentials there; the public port keeps /actuator admin-only.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.listener.auto-startup=false", "management.server.port=0"})
@ActiveProfiles("embedded")
class ManagementPortTest {

    @DynamicPropertySource
    static void sessions(DynamicPropertyRegistry registry) {
        SessionStore.register(registry);
    }

    @Value("${local.server.port}")
    int port;

    @Value("${local.management.port}")
    int managementPort;

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void prometheusScrapesTheManagementPortWithoutCredentials() throws Exception {
        HttpResponse<String> response = get(managementPort, "/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("backstop_gateway_lock_locked");
    }

    @Test
    void publicPortKeepsMetricsForAdmins() throws Exception {
        assertThat(get(port, "/actuator/prometheus").statusCode()).isIn(401, 404);
    }
}
