package io.backstop.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.backstop.gateway.SessionStore;
import io.backstop.gateway.StubService;
import io.backstop.infra.KafkaBroker;

/** A gateway started while a restore is already running learns about it from backup-service, not from Kafka. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("embedded")
class LockRecoveryIT {

    private static final KafkaBroker broker = KafkaBroker.shared();
    private static final StubService catalog = new StubService();
    private static final StubService backup = new StubService();

    static {
        ProgressFeed.createTopic(broker);
        backup.respondWith(
                StubService.json(
                        200,
                        "{\"held\":true,\"operationId\":\"op-before-start\",\"kind\":\"restore\","
                                + "\"startedBy\":\"admin\",\"startedAt\":\"2026-11-26T09:59:00Z\",\"percent\":35,\"message\":\"restoring models\"}"));
    }

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SessionStore.register(registry);
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
        registry.add("backstop.gateway.services.catalog", () -> catalog.uri().toString());
        registry.add("backstop.gateway.services.backup", () -> backup.uri().toString());
    }

    private HttpResponse<String> call(String method, String path, String user) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header(
                                        "Authorization",
                                        "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes()))
                                .header("Content-Type", "application/json")
                                .method(
                                        method,
                                        method.equals("GET")
                                                ? HttpRequest.BodyPublishers.noBody()
                                                : HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void adoptsTheHolderBackupServiceReportsAtStartUp() throws Exception {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                        call("GET", "/api/ops/lock", "viewer").body())
                .contains("\"locked\":true")
                .contains("op-before-start")
                .contains("restoring models")
                .contains("\"startedBy\":\"admin\""));

        HttpResponse<String> write = call("POST", "/api/catalog/brands", "editor");
        assertThat(write.statusCode()).isEqualTo(423);
        assertThat(catalog.receivedNothing()).isTrue();

        // the token the gateway used to ask is its own system identity
        StubService.Received asked = backup.take();
        assertThat(asked.path()).isEqualTo("/internal/ops/lock");
        assertThat(asked.header("Authorization")).startsWith("Bearer ");
    }
}
