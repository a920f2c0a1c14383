package io.backstop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.backstop.gateway.GatewayTestSupport;

class AccessRulesTest extends GatewayTestSupport {

    private HttpResponse<String> call(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .method(
                        method,
                        method.equals("GET")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    @Test
    void anonymousApiClientGetsProblem401WithBasicChallenge() throws Exception {
        HttpResponse<String> response = call("GET", "/api/catalog/brands", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(response.body()).contains("\"status\":401");
        assertThat(catalog.receivedNothing()).isTrue();
    }

    @Test
    void anonymousBrowserRequestGets401WithoutChallengeSoNoLoginPopup() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .header("Sec-Fetch-Mode", "cors")
                .GET()
                .build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void anonymousWriteGets401NotACsrfError() throws Exception {
        HttpResponse<String> response = call("POST", "/api/catalog/brands", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(catalog.receivedNothing()).isTrue();
    }

    @Test
    void wrongPasswordGets401() throws Exception {
        assertThat(call("GET", "/api/catalog/brands", basic("editor", "wrong")).statusCode())
                .isEqualTo(401);
        assertThat(catalog.receivedNothing()).isTrue();
    }

    @Test
    void viewerReadsEverything() throws Exception {
        assertThat(call("GET", "/api/catalog/brands", basic("viewer", "viewer")).statusCode())
                .isEqualTo(200);
        assertThat(call("GET", "/api/audit?size=5", basic("viewer", "viewer")).statusCode())
                .isEqualTo(200);
        assertThat(call("GET", "/api/backups", basic("viewer", "viewer")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void viewerCannotWriteTheCatalog() throws Exception {
        HttpResponse<String> response = call("POST", "/api/catalog/brands", basic("viewer", "viewer"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("viewer").contains("editor");
        assertThat(catalog.receivedNothing()).isTrue();
    }

    @Test
    void refusalNamesTheUsersRolesAndNoInternalAuthority() throws Exception {
        HttpResponse<String> response =
                call("POST", "/api/backups/bk-20261207-100000-ab12/verify", basic("editor", "editor"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body())
                .contains("with roles [editor, viewer] may not POST")
                .doesNotContain("FACTOR_");
    }

    @Test
    void viewerCannotRollBack() throws Exception {
        assertThat(call("POST", "/api/audit/engines/abc/rollback", basic("viewer", "viewer"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(audit.receivedNothing()).isTrue();
    }

    @Test
    void onlyAnAdminVerifiesOrRedactsTheTrail() throws Exception {
        assertThat(call("GET", "/api/audit/verify", basic("viewer", "viewer")).statusCode())
                .isEqualTo(403);
        assertThat(call("GET", "/api/audit/verify/latest", basic("editor", "editor"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("GET", "/api/audit/redactions", basic("viewer", "viewer"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("POST", "/api/audit/redactions", basic("editor", "editor"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(audit.receivedNothing()).isTrue();
        assertThat(call("GET", "/api/audit/verify", basic("admin", "admin")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void editorWritesTheCatalogAndRollsBack() throws Exception {
        assertThat(call("PUT", "/api/catalog/engines/abc", basic("editor", "editor"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(call("DELETE", "/api/catalog/engines/abc?version=3", basic("editor", "editor"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(call("POST", "/api/audit/engines/abc/rollback", basic("editor", "editor"))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void editorCannotBackUpOrRestore() throws Exception {
        assertThat(call("POST", "/api/backups", basic("editor", "editor")).statusCode())
                .isEqualTo(403);
        assertThat(call("POST", "/api/backups/b1/restore", basic("editor", "editor"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("POST", "/api/backups/schedules", basic("editor", "editor"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("PUT", "/api/backups/schedules/sch-1", basic("editor", "editor"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("DELETE", "/api/backups/schedules/sch-1", basic("editor", "editor"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("PUT", "/api/backups/retention", basic("editor", "editor"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(backup.receivedNothing()).isTrue();
    }

    @Test
    void adminDoesEverything() throws Exception {
        assertThat(call("POST", "/api/backups", basic("admin", "admin")).statusCode())
                .isEqualTo(200);
        assertThat(call("POST", "/api/backups/cleanup", basic("admin", "admin")).statusCode())
                .isEqualTo(200);
        assertThat(call("POST", "/api/catalog/brands", basic("admin", "admin")).statusCode())
                .isEqualTo(200);
        assertThat(call("POST", "/api/audit/engines/abc/rollback", basic("admin", "admin"))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void healthProbesAreOpen() throws Exception {
        assertThat(call("GET", "/actuator/health/liveness", null).body()).contains("UP");
        assertThat(call("GET", "/actuator/health/readiness", null).body()).contains("UP");
    }
}
