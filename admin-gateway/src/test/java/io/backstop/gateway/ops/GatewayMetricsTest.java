package io.backstop.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.backstop.gateway.GatewayTestSupport;

/** The gateway's Prometheus endpoint: on the public port, so for admins only. */
class GatewayMetricsTest extends GatewayTestSupport {

    private HttpResponse<String> scrape(String user) throws Exception {
        return send(HttpRequest.newBuilder(url("/actuator/prometheus"))
                .header("Authorization", basic(user, user))
                .GET()
                .build());
    }

    @Test
    void adminScrapesLockGaugesAndProxiedRequestTimings() throws Exception {
        send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .header("Authorization", basic("viewer", "viewer"))
                .GET()
                .build());

        HttpResponse<String> response = scrape("admin");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().lines())
                .anyMatch(l -> l.startsWith("backstop_gateway_lock_locked{") && l.endsWith(" 0.0"))
                .anyMatch(l -> l.startsWith("backstop_gateway_lock_age_seconds{") && l.endsWith(" 0.0"))
                .anyMatch(l ->
                        l.startsWith("http_server_requests_seconds_count{") && l.contains("uri=\"/api/catalog/**\"")
                                || l.startsWith("http_server_requests_seconds_count{") && l.contains("/api/catalog"));
    }

    @Test
    void viewerMayNotScrape() throws Exception {
        assertThat(scrape("viewer").statusCode()).isEqualTo(403);
    }
}
