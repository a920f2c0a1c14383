package io.backstop.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.test.context.TestPropertySource;

import io.backstop.gateway.GatewayTestSupport;

/** Issue 14, point 2: 1,500 streams opened on one viewer session. Now at most 3 per session and 5 per user here. */
@TestPropertySource(
        properties = {"backstop.gateway.ops.max-streams-per-session=3", "backstop.gateway.ops.max-streams-per-user=5"})
class EventStreamCapsTest extends GatewayTestSupport {

    private final List<HttpResponse<Stream<String>>> open = new ArrayList<>();

    @AfterEach
    void closeStreams() {
        open.forEach(response -> response.body().close());
        open.clear();
    }

    @Test
    @Timeout(30) // without the cap the oldest stream never ends
    void aSessionAtItsCapLosesItsOldestStreamSoAReloadStillWorks() throws Exception {
        Session tab = new Session("viewer");
        Iterator<String> oldest = tab.stream().body().iterator();
        tab.stream();
        tab.stream();

        HttpResponse<Stream<String>> reloaded = tab.stream();

        assertThat(reloaded.statusCode()).isEqualTo(200);
        assertThat(firstEvent(reloaded.body().iterator())).isEqualTo("event:lock");
        // the oldest stream got its first event and then its end, nothing else
        assertThat(firstEvent(oldest)).isEqualTo("event:lock");
        while (oldest.hasNext()) {
            oldest.next();
        }
    }

    @Test
    void aUserAtItsCapAcrossSessionsGetsAClear429() throws Exception {
        Session first = new Session("editor");
        Session second = new Session("editor");
        for (int i = 0; i < 3; i++) {
            first.stream();
        }
        second.stream();
        second.stream();

        HttpResponse<Stream<String>> refused = second.stream();

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(String.join("\n", refused.body().toList()))
                .contains("User 'editor' already has 5 live-event streams open");
        // a Basic client of another user is not affected
        HttpResponse<String> other = send(HttpRequest.newBuilder(url("/api/ops/lock"))
                .header("Authorization", basic("admin", "admin"))
                .build());
        assertThat(other.statusCode()).isEqualTo(200);
    }

    private static String firstEvent(Iterator<String> lines) {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("event:")) {
                return line.replace(" ", "");
            }
        }
        return null;
    }

    /** A browser tab's session: logged in with a cookie, opening streams as EventSource does. */
    private final class Session {

        private final CookieManager cookies = new CookieManager();
        private final HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(cookies)
                .build();

        Session(String user) throws Exception {
            client.send(
                    browser(HttpRequest.newBuilder(url("/api/csrf"))).build(), HttpResponse.BodyHandlers.discarding());
            String csrf = cookies.getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue)
                    .findFirst()
                    .orElseThrow();
            HttpResponse<String> login = client.send(
                    browser(HttpRequest.newBuilder(url("/login")))
                            .header("Content-Type", "application/json")
                            .header("X-XSRF-TOKEN", csrf)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"username\":\"" + user + "\",\"password\":\"" + user + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        }

        HttpResponse<Stream<String>> stream() throws Exception {
            HttpResponse<Stream<String>> response = client.sendAsync(
                            browser(HttpRequest.newBuilder(url("/api/ops/events")))
                                    .header("Accept", "text/event-stream")
                                    .build(),
                            HttpResponse.BodyHandlers.ofLines())
                    .get(10, TimeUnit.SECONDS);
            open.add(response);
            return response;
        }

        private HttpRequest.Builder browser(HttpRequest.Builder request) {
            return request.header("Sec-Fetch-Mode", "cors").header("Sec-Fetch-Site", "same-origin");
        }
    }
}
