package io.backstop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.backstop.gateway.GatewayTestSupport;
import io.backstop.gateway.StubService;

class SessionLoginTest extends GatewayTestSupport {

    @Test
    void jsonLoginStartsASessionThatKnowsTheUser() throws Exception {
        Browser browser = new Browser();

        HttpResponse<String> login = browser.login("editor", "editor");

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("\"username\":\"editor\"").contains("\"roles\":[\"editor\",\"viewer\"]");
        HttpResponse<String> me =
                browser.send(HttpRequest.newBuilder(url("/api/me")).GET());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"username\":\"editor\"");
    }

    @Test
    void formLoginWorksToo() throws Exception {
        Browser browser = new Browser();
        browser.send(HttpRequest.newBuilder(url("/api/csrf")).GET());

        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", browser.csrfCookie())
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=admin")));

        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(login.body()).contains("\"roles\":[\"admin\",\"editor\",\"viewer\"]");
    }

    @Test
    void wrongPasswordGetsProblem401AndNoSession() throws Exception {
        Browser browser = new Browser();

        HttpResponse<String> login = browser.login("editor", "nope");

        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(login.body()).contains("Wrong user name or password");
        assertThat(browser.send(HttpRequest.newBuilder(url("/api/me")).GET()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void loginWithoutUsernameGetsFieldError() throws Exception {
        Browser browser = new Browser();
        browser.send(HttpRequest.newBuilder(url("/api/csrf")).GET());

        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(url("/login"))
                .header("Content-Type", "application/json")
                .header("X-XSRF-TOKEN", browser.csrfCookie())
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"x\"}")));

        assertThat(login.statusCode()).isEqualTo(400);
        assertThat(login.body()).contains("\"field\":\"username\"");
    }

    @Test
    void sessionWriteWithoutCsrfTokenIsRefusedAndNeverForwarded() throws Exception {
        Browser browser = new Browser();
        browser.login("editor", "editor");

        HttpResponse<String> write = browser.send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"X\"}")));

        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(write.body()).contains("CSRF");
        assertThat(catalog.receivedNothing()).isTrue();
    }

    @Test
    void sessionWriteWithCsrfTokenIsForwardedWithoutTheSessionCookie() throws Exception {
        Browser browser = new Browser();
        browser.login("editor", "editor");

        HttpResponse<String> write = browser.send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .header("Content-Type", "application/json")
                .header("X-XSRF-TOKEN", browser.csrfCookie())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"X\"}")));

        assertThat(write.statusCode()).isEqualTo(200);
        StubService.Received received = catalog.take();
        assertThat(received.header("Cookie")).isNull();
        assertThat(received.header("Authorization")).startsWith("Bearer ");
    }

    @Test
    void loginRotatesTheCsrfTokenSoAPlantedOneIsWorthless() throws Exception {
        Browser browser = new Browser();
        browser.send(HttpRequest.newBuilder(url("/api/csrf")).GET());
        String before = browser.csrfCookie();

        browser.login("editor", "editor");

        assertThat(browser.csrfCookie()).isNotNull().isNotEqualTo(before);
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        Browser browser = new Browser();
        browser.login("viewer", "viewer");

        HttpResponse<String> logout = browser.send(HttpRequest.newBuilder(url("/logout"))
                .header("X-XSRF-TOKEN", browser.csrfCookie())
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(browser.send(HttpRequest.newBuilder(url("/api/me")).GET()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void basicApiClientNeedsNoCsrfToken() throws Exception {
        HttpResponse<String> write = send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .header("Authorization", basic("editor", "editor"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"X\"}"))
                .build());

        assertThat(write.statusCode()).isEqualTo(200);
        // stateless: no session is created for a Basic client
        assertThat(write.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(SharedSessions.COOKIE));
    }

    @Test
    void crossSiteBasicRequestStillNeedsTheCsrfToken() throws Exception {
        HttpResponse<String> write = send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .header("Authorization", basic("editor", "editor"))
                .header("Sec-Fetch-Site", "cross-site")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"X\"}"))
                .build());

        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(catalog.receivedNothing()).isTrue();
    }
}
