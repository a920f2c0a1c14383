package io.backstop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.backstop.stack.EmbeddedStack;

/**
 * A write made with {@code X-Request-Id} can be followed through the logs of the stack (issue 14, point 14): the
 * gateway's and catalog-service's access lines, and audit-service's line for the entry it stored, all carry the id;
 * the response carries it once.
 */
@ExtendWith(RunningStack.class)
class RequestIdLogsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedStack stack = RunningStack.get();

    @Test
    void aWritesRequestIdIsInTheGatewaysCatalogsAndAuditsLogLinesAndOnceOnTheResponse() throws Exception {
        String id = "abc-" + UUID.randomUUID();
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/catalog/brands"))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString(
                                                                "editor:editor".getBytes(StandardCharsets.UTF_8)))
                                .header("Content-Type", "application/json")
                                .header("X-Request-Id", id)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Request id " + id + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().allValues("X-Request-Id")).containsExactly(id);
        awaitLine(
                "admin-gateway",
                id,
                "io.backstop.access",
                "POST /api/catalog/brands 201 ",
                "user=editor requestId=" + id);
        awaitLine(
                "catalog-service",
                id,
                "io.backstop.access",
                "POST /api/catalog/brands 201 ",
                "user=editor requestId=" + id);
        awaitLine("audit-service", id, "Stored brands:", "(create by editor)");
    }

    /** Waits for a line of {@code service}'s log that carries {@code id} in its MDC field and every fragment. */
    private void awaitLine(String service, String id, String... fragments) {
        Path log = stack.config().dataDir().resolve("logs").resolve(service + ".log");
        await(service + " log line with [" + id + "]")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                                .filter(l -> l.contains("[" + id + "]"))
                                .toList())
                        .as(service + " log lines with [" + id + "]")
                        .anySatisfy(l -> assertThat(l).contains(fragments)));
    }
}
