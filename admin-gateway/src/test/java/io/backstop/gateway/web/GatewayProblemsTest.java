package io.backstop.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Json;
import io.backstop.gateway.GatewayTestSupport;
import io.backstop.support.ProblemType;

/**
 * The gateway's own errors are problems of the same format as the services': a documented {@code type} per kind
 * (never {@code about:blank}), its title, a detail, the path and the request id the response header carries.
 * (429 is checked in LoginThrottlingTest, 400 for malformed URLs in MalformedRequestsTest.)
 */
class GatewayProblemsTest extends GatewayTestSupport {

    @Test
    void notLoggedInIsUnauthenticated() throws Exception {
        assertProblem(
                send(HttpRequest.newBuilder(url("/api/me")).GET().build()), ProblemType.UNAUTHENTICATED, "/api/me");
    }

    @Test
    void aRoleTooLowIsForbidden() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/backups"))
                .header("Authorization", basic("viewer", "viewer"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        assertProblem(response, ProblemType.FORBIDDEN, "/api/backups");
        assertThat(backup.receivedNothing()).isTrue();
    }

    @Test
    void aSessionWriteWithoutTheCsrfTokenIsACsrfProblem() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/login"))
                .header("Sec-Fetch-Mode", "cors")
                .header("Sec-Fetch-Site", "same-origin")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"viewer\",\"password\":\"viewer\"}"))
                .build());

        assertProblem(response, ProblemType.CSRF, "/login");
    }

    @Test
    void aWriteFromAnotherSiteIsACrossOriginProblem() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/backups"))
                .header("Authorization", basic("admin", "admin"))
                .header("Sec-Fetch-Site", "cross-site")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        assertProblem(response, ProblemType.CROSS_ORIGIN, "/api/backups");
    }

    @Test
    void anUnknownDocumentIsNotFound() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/docs/billing"))
                .header("Authorization", basic("admin", "admin"))
                .GET()
                .build());

        assertProblem(response, ProblemType.NOT_FOUND, "/api/docs/billing");
    }

    @Test
    void aWrongMethodOnAnEndpointOfTheGatewayIsMethodNotAllowed() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/me"))
                .header("Authorization", basic("admin", "admin"))
                .DELETE()
                .build());

        assertProblem(response, ProblemType.METHOD_NOT_ALLOWED, "/api/me");
    }

    @Test
    void aBodyOverTheLimitIsBodyTooLarge() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .header("Authorization", basic("editor", "editor"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "x".repeat(5000) + "\"}"))
                .build());

        assertProblem(response, ProblemType.BODY_TOO_LARGE, "/api/catalog/brands");
        assertThat(catalog.receivedNothing()).isTrue();
    }

    @Test
    void theRequestIdTheClientSentIsTheProblemsToo() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/me"))
                .header("X-Request-Id", "support-ticket-7")
                .GET()
                .build());

        JsonNode problem = assertProblem(response, ProblemType.UNAUTHENTICATED, "/api/me");
        assertThat(problem.get("requestId").stringValue()).isEqualTo("support-ticket-7");
    }

    static JsonNode assertProblem(HttpResponse<String> response, ProblemType type, String path) {
        assertThat(response.statusCode())
                .as(response.body())
                .isEqualTo(type.status().value());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = Json.MAPPER.readTree(response.body());
        assertThat(problem.path("type").asString(""))
                .as(response.body())
                .isEqualTo(type.uri().toString());
        assertThat(problem.path("title").asString("")).isEqualTo(type.title());
        assertThat(problem.path("status").asInt()).isEqualTo(type.status().value());
        assertThat(problem.path("detail").asString("")).isNotBlank();
        assertThat(problem.path("instance").asString("")).isEqualTo(path);
        String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
        assertThat(requestId).isNotBlank();
        assertThat(problem.path("requestId").asString(""))
                .as("the request id of the response")
                .isEqualTo(requestId);
        return problem;
    }
}
