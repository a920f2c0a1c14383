package io.backstop.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.backstop.gateway.SessionStore;
import io.backstop.gateway.StubService;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.listener.auto-startup=false")
@ActiveProfiles("embedded")
class UnavailableServiceTest {

    private static final StubService audit = new StubService();

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void catalogIsDown(DynamicPropertyRegistry registry) throws IOException {
        SessionStore.register(registry);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        registry.add("backstop.gateway.services.catalog", () -> "http://127.0.0.1:" + closedPort);
        registry.add("backstop.gateway.services.audit", () -> audit.uri().toString());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private java.net.URI url(String path) {
        return java.net.URI.create("http://127.0.0.1:" + port + path);
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    @Test
    void unreachableServiceGets503ProblemNamingIt() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .header("Authorization", basic("viewer", "viewer"))
                .GET()
                .build());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .contains("catalog-service is unavailable")
                .contains("\"service\":\"catalog-service\"");
    }

    @Test
    void otherRoutesStillWorkWhileOneServiceIsDown() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/audit"))
                .header("Authorization", basic("viewer", "viewer"))
                .GET()
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
    }
}
