package io.backstop.gateway;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real gateway on a random port (embedded profile, so the dev users exist) in front of three stub services
 * on loopback. Kafka is not started here; the ops ITs have their own broker.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.kafka.listener.auto-startup=false",
            "backstop.gateway.max-body-bytes=4096",
            "backstop.gateway.uploads[0].path=/api/backups/imports",
            "backstop.gateway.uploads[0].max-bytes=64KB",
            "backstop.gateway.uploads[0].read-timeout=1m",
            // the tests share one context and one client address; LoginThrottlingTest checks the real throttle
            "backstop.gateway.login-throttle.steps[0].failures=1000",
            "backstop.gateway.login-throttle.steps[0].per=1h"
        })
@ActiveProfiles("embedded")
public abstract class GatewayTestSupport {

    public static final String DEV_SECRET = "backstop-embedded-dev-secret-not-for-production";

    protected static final StubService catalog = new StubService();
    protected static final StubService audit = new StubService();
    protected static final StubService backup = new StubService();

    @Value("${local.server.port}")
    protected int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        SessionStore.register(registry);
        registry.add("backstop.gateway.services.catalog", () -> catalog.uri().toString());
        registry.add("backstop.gateway.services.audit", () -> audit.uri().toString());
        registry.add("backstop.gateway.services.backup", () -> backup.uri().toString());
    }

    @BeforeEach
    void resetStubs() {
        catalog.reset();
        audit.reset();
        backup.reset();
    }

    protected URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    protected static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    protected static HttpClient plainClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    protected HttpResponse<String> send(HttpClient client, HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> send(HttpRequest request) throws Exception {
        return send(plainClient(), request);
    }

    /** A browser-like client: keeps cookies and echoes the CSRF cookie in the header when asked. */
    protected final class Browser {
        public Browser() {}

        final CookieManager cookies = new CookieManager();
        final HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(cookies)
                .build();

        public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return client.send(
                    request.header("Sec-Fetch-Mode", "cors")
                            .header("Sec-Fetch-Site", "same-origin")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /**
         * As a browser sends from a page on a plain-http host other than localhost: no {@code Sec-Fetch-*}
         * headers (they are for secure contexts only), the page's own {@code Origin}.
         */
        public HttpResponse<String> sendFromPlainHttpPage(HttpRequest.Builder request) throws Exception {
            return client.send(
                    request.header("Origin", "http://127.0.0.1:" + port).build(), HttpResponse.BodyHandlers.ofString());
        }

        public String csrfCookie() {
            return cookies.getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue)
                    .findFirst()
                    .orElse(null);
        }

        public HttpResponse<String> login(String user, String password) throws Exception {
            send(HttpRequest.newBuilder(url("/api/csrf")).GET());
            return send(HttpRequest.newBuilder(url("/login"))
                    .header("Content-Type", "application/json")
                    .header("X-XSRF-TOKEN", csrfCookie())
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")));
        }
    }
}
