package io.backstop.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Json;
import io.backstop.gateway.GatewayTestSupport;
import io.backstop.gateway.StubService;
import io.backstop.support.RawHttp;

/** /api/docs: one place for every OpenAPI document, for admins only. */
class ApiDocsTest extends GatewayTestSupport {

    private static final String CATALOG_DOC =
            "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"catalog\",\"version\":\"v0\"},"
                    + "\"servers\":[{\"url\":\"http://10.0.0.7:8081\"}],\"paths\":{\"/api/catalog/{kind}\":{}}}";

    private HttpResponse<String> get(String path, String user) throws Exception {
        return send(HttpRequest.newBuilder(url(path))
                .header("Authorization", basic(user, user))
                .GET()
                .build());
    }

    @Test
    void adminGetsTheIndexOfEveryDocument() throws Exception {
        HttpResponse<String> response = get("/api/docs", "admin");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode index = Json.MAPPER.readTree(response.body());
        assertThat(index.get("documents").findValuesAsString("href"))
                .containsExactly(
                        "/api/docs/catalog",
                        "/api/docs/audit",
                        "/api/docs/backup",
                        "/api/docs/gateway",
                        "/api/docs/openapi.json");
    }

    @Test
    void adminGetsEachServicesDocumentFetchedWithAGatewayTokenAndPointingAtTheGateway() throws Exception {
        for (var entry : java.util.Map.of("catalog", catalog, "audit", audit, "backup", backup)
                .entrySet()) {
            entry.getValue().respondWith(StubService.json(200, CATALOG_DOC));

            HttpResponse<String> response = get("/api/docs/" + entry.getKey(), "admin");

            assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode doc = Json.MAPPER.readTree(response.body());
            assertThat(doc.get("openapi").stringValue()).isEqualTo("3.1.0");
            assertThat(doc.get("paths").has("/api/catalog/{kind}")).isTrue();
            assertThat(doc.get("servers").get(0).get("url").stringValue())
                    .as("the service's own address is not published")
                    .isEqualTo("/");
            StubService.Received received = entry.getValue().take();
            assertThat(received.path()).isEqualTo("/v3/api-docs");
            Jwt token = decode(received.header("Authorization"));
            assertThat(token.getSubject()).isEqualTo("system:admin-gateway");
            assertThat(token.getClaimAsString("iss")).isEqualTo("backstop-gateway");
        }
    }

    @Test
    void adminGetsTheGatewaysOwnDocument() throws Exception {
        HttpResponse<String> response = get("/api/docs/gateway", "admin");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = Json.MAPPER.readTree(response.body());
        assertThat(doc.has("openapi")).isTrue();
        assertThat(doc.get("paths").has("/api/ops/lock")).isTrue();
        assertThat(doc.get("paths").has("/api/docs")).isTrue();
    }

    @Test
    void adminGetsOneMergedPublicDocumentOfTheGatewayAndEveryService() throws Exception {
        catalog.respondWith(StubService.json(200, CATALOG_DOC));
        audit.respondWith(StubService.json(
                200,
                "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"audit\",\"version\":\"v0\"},"
                        + "\"paths\":{\"/api/audit\":{\"get\":{\"summary\":\"List\"}}}}"));
        backup.respondWith(StubService.json(
                200,
                "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"backup\",\"version\":\"v0\"},"
                        + "\"paths\":{\"/api/backups\":{\"post\":{\"summary\":\"Take\"}}}}"));

        HttpResponse<String> response = get("/api/docs/openapi.json", "admin");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode doc = Json.MAPPER.readTree(response.body());
        assertThat(doc.get("openapi").stringValue()).isEqualTo("3.1.0");
        assertThat(doc.get("info").get("title").stringValue()).isEqualTo("Backstop API");
        assertThat(doc.get("paths").propertyNames())
                .contains(
                        "/api/catalog/{kind}",
                        "/api/audit",
                        "/api/backups",
                        "/api/ops/lock",
                        "/api/ops/events",
                        "/api/me",
                        "/login",
                        "/api/docs/openapi.json");
        assertThat(doc.get("paths").propertyNames()).noneMatch(p -> p.startsWith("/internal/"));
        assertThat(doc.get("paths")
                        .get("/api/ops/lock")
                        .get("get")
                        .get("responses")
                        .get("4XX")
                        .get("$ref")
                        .stringValue())
                .isEqualTo("#/components/responses/Problem");
        assertThat(doc.get("components").get("schemas").has("Problem")).isTrue();
        assertThat(List.copyOf(doc.get("paths").propertyNames()))
                .as("sorted, so the committed copy diffs well")
                .isSorted();
        assertThat(doc.get("servers").get(0).get("url").stringValue()).isEqualTo("/");
    }

    @Test
    void theGatewaysOwnDocumentNamesNoServerTheCallerChose() throws Exception {
        RawHttp.Answer answer = RawHttp.get(
                url("/").resolve("/"),
                "/api/docs/gateway",
                "Host: evil.example\r\n"
                        + "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\nAuthorization: "
                        + basic("admin", "admin"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain("evil.example");
        JsonNode servers = answer.json().get("servers");
        assertThat(servers).hasSize(1);
        assertThat(servers.get(0).get("url").stringValue()).isEqualTo("/");
    }

    @Test
    void viewerAndEditorAreRefusedAndNoServiceIsAsked() throws Exception {
        for (String user : new String[] {"viewer", "editor"}) {
            assertThat(get("/api/docs", user).statusCode()).as(user).isEqualTo(403);
            assertThat(get("/api/docs/catalog", user).statusCode()).as(user).isEqualTo(403);
            assertThat(get("/api/docs/gateway", user).statusCode()).as(user).isEqualTo(403);
        }
        assertThat(catalog.receivedNothing()).isTrue();
    }

    @Test
    void anonymousCallerIsAskedToLogIn() throws Exception {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(url("/api/docs/gateway")).GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void failingServiceGives502WithoutQuotingItsAnswer() throws Exception {
        audit.respondWith(
                StubService.json(500, "{\"trace\":\"at com.mongodb.internal... mongodb://audit:hunter2@db\"}"));

        HttpResponse<String> response = get("/api/docs/audit", "admin");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body())
                .contains("audit-service")
                .doesNotContain("hunter2")
                .doesNotContain("mongodb://");
    }

    @Test
    void unknownDocumentIs404() throws Exception {
        assertThat(get("/api/docs/billing", "admin").statusCode()).isEqualTo(404);
    }

    private static Jwt decode(String authorization) {
        var key = new SecretKeySpec(DEV_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        return NimbusJwtDecoder.withSecretKey(key)
                .macAlgorithm(MacAlgorithm.HS256)
                .build()
                .decode(authorization.substring("Bearer ".length()));
    }
}
