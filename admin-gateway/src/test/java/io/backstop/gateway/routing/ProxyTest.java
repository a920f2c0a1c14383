package io.backstop.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import io.backstop.gateway.GatewayTestSupport;
import io.backstop.gateway.StubService;

@ExtendWith(OutputCaptureExtension.class)
class ProxyTest extends GatewayTestSupport {

    private static Jwt decode(String authorization) {
        assertThat(authorization).startsWith("Bearer ");
        SecretKeySpec key = new SecretKeySpec(DEV_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        return NimbusJwtDecoder.withSecretKey(key)
                .macAlgorithm(MacAlgorithm.HS256)
                .build()
                .decode(authorization.substring("Bearer ".length()));
    }

    @Test
    void forwardsASignedIdentityTokenInsteadOfTheClientsCredentials() throws Exception {
        send(HttpRequest.newBuilder(url("/api/catalog/engines?modelId=m1&q=stage%201"))
                .GET()
                .header("Authorization", basic("editor", "editor"))
                .build());

        StubService.Received received = catalog.take();
        Jwt token = decode(received.header("Authorization"));
        assertThat(token.getClaimAsString("iss")).isEqualTo("backstop-gateway");
        assertThat(token.getSubject()).isEqualTo("editor");
        assertThat(token.getClaimAsStringList("roles")).containsExactly("editor", "viewer");
        assertThat(Duration.between(Instant.now(), token.getExpiresAt()))
                .isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
        assertThat(received.headers().get("Authorization")).hasSize(1);
    }

    @Test
    void forwardsPathAndQueryUnchanged() throws Exception {
        send(HttpRequest.newBuilder(url("/api/catalog/engines?modelId=m1&q=stage%201&page=2"))
                .GET()
                .header("Authorization", basic("viewer", "viewer"))
                .build());

        StubService.Received received = catalog.take();
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.path()).isEqualTo("/api/catalog/engines");
        assertThat(received.rawQuery()).isEqualTo("modelId=m1&q=stage%201&page=2");
    }

    /** Issue 15 point 4: operations are backup-service's, readable by a viewer like the backups list. */
    @Test
    void routesOperationsToBackupServiceForAViewer() throws Exception {
        HttpResponse<String> list = send(HttpRequest.newBuilder(url("/api/operations?kind=restore&status=completed"))
                .GET()
                .header("Authorization", basic("viewer", "viewer"))
                .build());
        assertThat(list.statusCode()).isEqualTo(200);
        StubService.Received received = backup.take();
        assertThat(received.path()).isEqualTo("/api/operations");
        assertThat(received.rawQuery()).isEqualTo("kind=restore&status=completed");
        assertThat(decode(received.header("Authorization")).getClaimAsStringList("roles"))
                .containsExactly("viewer");

        send(HttpRequest.newBuilder(url("/api/operations/rs-20261126-110000-cd34"))
                .GET()
                .header("Authorization", basic("viewer", "viewer"))
                .build());
        assertThat(backup.take().path()).isEqualTo("/api/operations/rs-20261126-110000-cd34");
    }

    @Test
    void dropsIdentityHeadersTheClientMadeUp() throws Exception {
        send(HttpRequest.newBuilder(url("/api/audit"))
                .GET()
                .header("Authorization", basic("viewer", "viewer"))
                .header("X-User", "admin")
                .header("X-Forwarded-User", "admin")
                .header("X-Roles", "admin")
                .build());

        StubService.Received received = audit.take();
        assertThat(received.header("X-User")).isNull();
        assertThat(received.header("X-Forwarded-User")).isNull();
        assertThat(received.header("X-Roles")).isNull();
        assertThat(decode(received.header("Authorization")).getSubject()).isEqualTo("viewer");
    }

    @Test
    void forwardsBodyChangeReasonAndTheClientsRequestId() throws Exception {
        String body = "{\"name\":\"Brabus\",\"note\":\"ü\"}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .header("Authorization", basic("editor", "editor"))
                .header("Content-Type", "application/json")
                .header("X-Change-Reason", "typo fix")
                .header("X-Request-Id", "req-42")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());

        StubService.Received received = catalog.take();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.bodyText()).isEqualTo(body);
        assertThat(received.header("X-Change-Reason*")).isEqualTo("UTF-8''typo%20fix");
        assertThat(received.header("X-Request-Id")).isEqualTo("req-42");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("req-42");
    }

    @Test
    void sendsTheRequestIdOnceThoughTheServiceEchoesItToo() throws Exception {
        catalog.respondWith(exchange -> {
            // what service-support's RequestIdFilter does
            exchange.getResponseHeaders()
                    .add("X-Request-Id", exchange.getRequestHeaders().getFirst("X-Request-Id"));
            StubService.json(200, "[]").respond(exchange);
        });

        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .GET()
                .header("Authorization", basic("viewer", "viewer"))
                .header("X-Request-Id", "req-once")
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("X-Request-Id")).containsExactly("req-once");
    }

    @Test
    void writesAnAccessLineWithTheUserAndTheRequestId(CapturedOutput output) throws Exception {
        send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .GET()
                .header("Authorization", basic("viewer", "viewer"))
                .header("X-Request-Id", "abc")
                .build());
        send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .GET()
                .header("X-Request-Id", "anon-1")
                .build());

        assertThat(output.getOut().lines().filter(l -> l.contains("[abc]") && l.contains("io.backstop.access")))
                .singleElement()
                .satisfies(l ->
                        assertThat(l).contains("GET /api/catalog/brands 200 ").contains("user=viewer requestId=abc"));
        assertThat(output.getOut()).contains("GET /api/catalog/brands 401 ").contains("user=- requestId=anon-1");
    }

    @Test
    void setsARequestIdWhenTheClientSentNone() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/backups"))
                .GET()
                .header("Authorization", basic("viewer", "viewer"))
                .build());

        String forwarded = backup.take().header("X-Request-Id");
        assertThat(forwarded).isNotBlank();
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue(forwarded);
    }

    @Test
    void passesTheServicesStatusAndProblemThrough() throws Exception {
        catalog.respondWith(StubService.json(409, "{\"status\":409,\"detail\":\"stale version\"}"));

        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/catalog/brands/b1"))
                .header("Authorization", basic("editor", "editor"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"version\":1}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("stale version");
    }

    @Test
    void declaredOversizedBodyGets413AndNothingIsForwarded() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .header("Authorization", basic("editor", "editor"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "x".repeat(5000) + "\"}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(catalog.receivedNothing()).isTrue();
    }

    @Test
    void theImportUploadPathTakesItsOwnLargerLimitAndNoMore() throws Exception {
        byte[] archive = new byte[40_000];
        java.util.Arrays.fill(archive, (byte) 7);
        HttpResponse<String> passed = send(HttpRequest.newBuilder(url("/api/backups/imports"))
                .header("Authorization", basic("admin", "admin"))
                .header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(archive))
                .build());
        HttpResponse<String> tooLarge = send(HttpRequest.newBuilder(url("/api/backups/imports"))
                .header("Authorization", basic("admin", "admin"))
                .header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[70_000]))
                .build());
        HttpResponse<String> elsewhere = send(HttpRequest.newBuilder(url("/api/backups/imports/x"))
                .header("Authorization", basic("admin", "admin"))
                .header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(archive))
                .build());

        assertThat(passed.statusCode()).isEqualTo(200);
        assertThat(backup.take().body()).isEqualTo(archive);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("larger than 65536 bytes");
        assertThat(elsewhere.statusCode()).isEqualTo(413);
        assertThat(backup.receivedNothing()).isTrue();
    }

    @Test
    void chunkedOversizedBodyGets413() throws Exception {
        byte[] big = ("{\"name\":\"" + "x".repeat(9000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .header("Authorization", basic("editor", "editor"))
                .header("Content-Type", "application/json")
                // an InputStream publisher has no length, so the JDK client sends it chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void streamsLargeResponsesInsteadOfBufferingThem() throws Exception {
        CountDownLatch clientSawFirstRows = new CountDownLatch(1);
        audit.respondWith(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/csv");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("id,action\n1,create\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                // the rest is only written once the client has the first rows: a buffering proxy would wait
                // for the end of the body and this test would time out instead
                if (!clientSawFirstRows.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the first rows never reached the client");
                }
                out.write("2,update\n".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        HttpResponse<InputStream> response = plainClient()
                .send(
                        HttpRequest.newBuilder(url("/api/audit/export.csv"))
                                .header("Authorization", basic("viewer", "viewer"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());

        try (InputStream body = response.body()) {
            byte[] first = body.readNBytes("id,action\n1,create\n".length());
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("id,action\n1,create\n");
            clientSawFirstRows.countDown();
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("2,update\n");
        }
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
    }
}
