package io.backstop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.backstop.gateway.GatewayTestSupport;

/**
 * Issue 14, point 7: a page of another site must not run writes with the Basic credentials a browser cached. On a
 * plain-http host other than localhost the browser sends no {@code Sec-Fetch-*} headers, only {@code Origin} (and a
 * {@code Referer} unless the page suppresses it), which is what these requests carry.
 */
class CrossOriginWritesTest extends GatewayTestSupport {

    private static final String VERIFY = "/api/backups/bk-20261207-100000-ab12/verify";

    /** What a cross-site {@code <form method=post>} sends: a form body, the browser's cached Basic credentials. */
    private HttpRequest.Builder formPost(String path) {
        return HttpRequest.newBuilder(url(path))
                .header("Authorization", basic("admin", "admin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("x=1"));
    }

    @Test
    void crossSiteFormPostWithCachedBasicCredentialsIsRefusedAndNeverForwarded() throws Exception {
        HttpResponse<String> response =
                send(formPost(VERIFY).header("Origin", "http://evil.example").build());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("Cross-origin POST refused").contains("http://evil.example (Origin)");
        assertThat(backup.receivedNothing()).isTrue();
    }

    @Test
    void crossSiteRequestWithOnlyAReferrerIsRefused() throws Exception {
        HttpResponse<String> response = send(formPost(VERIFY)
                .header("Referer", "http://evil.example/attack.html")
                .build());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(backup.receivedNothing()).isTrue();
    }

    @Test
    void opaqueNullOriginIsRefused() throws Exception {
        HttpResponse<String> response =
                send(formPost(VERIFY).header("Origin", "null").build());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(backup.receivedNothing()).isTrue();
    }

    @Test
    void anotherPortOfTheSameHostIsAnotherOrigin() throws Exception {
        HttpResponse<String> response = send(formPost(VERIFY)
                .header("Origin", "http://127.0.0.1:" + (port + 1))
                .build());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(backup.receivedNothing()).isTrue();
    }

    @Test
    void sameSiteRequestMarkedByTheBrowserIsRefusedToo() throws Exception {
        HttpResponse<String> response =
                send(formPost(VERIFY).header("Sec-Fetch-Site", "same-site").build());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("same-site (Sec-Fetch-Site)");
    }

    @Test
    void sameOriginPageOnPlainHttpStillWrites() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url(VERIFY))
                .header("Authorization", basic("admin", "admin"))
                .header("Origin", "http://127.0.0.1:" + port)
                .header("Referer", "http://127.0.0.1:" + port + "/")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(backup.take().path()).isEqualTo(VERIFY);
    }

    @Test
    void curlWithoutOriginStillWrites() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url(VERIFY))
                .header("Authorization", basic("admin", "admin"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(backup.take().path()).isEqualTo(VERIFY);
    }

    @Test
    void sessionOfTheUiOnPlainHttpStillWrites() throws Exception {
        Browser browser = new Browser();
        browser.login("admin", "admin");

        HttpResponse<String> response = browser.sendFromPlainHttpPage(HttpRequest.newBuilder(url(VERIFY))
                .header("X-XSRF-TOKEN", browser.csrfCookie())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void readsFromAnotherOriginAreNotTheGuardsBusiness() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/backups"))
                .header("Authorization", basic("viewer", "viewer"))
                .header("Origin", "http://evil.example")
                .GET()
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
    }
}
