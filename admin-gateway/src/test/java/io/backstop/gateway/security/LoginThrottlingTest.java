package io.backstop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Json;
import io.backstop.gateway.GatewayTestSupport;
import io.backstop.support.ProblemType;

/**
 * Issue 14, point 6: before, 100 wrong passwords met no slowdown and the right one worked at once afterwards. Each
 * test sends from its own loopback address, as the throttle also counts per client address.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            "backstop.gateway.login-throttle.steps[0].failures=2",
            "backstop.gateway.login-throttle.steps[0].per=1h",
            // the address's own step, so the per-address test needs few requests (the allowance: LoginThrottleTest)
            "backstop.gateway.login-throttle.address-allowance=1"
        })
class LoginThrottlingTest extends GatewayTestSupport {

    private static final String CSRF = "login-throttling-test-token";

    @Autowired
    private MeterRegistry meters;

    @Test
    void basicIsRefusedWith429AndRetryAfterOnceTheFailuresAreSpentEvenWithTheRightPassword(CapturedOutput output)
            throws Exception {
        double failuresBefore =
                meters.counter("backstop.login.failures", "via", "basic").count();
        assertThat(basic("127.0.2.1", "editor", "wrong-1").status()).isEqualTo(401);
        assertThat(basic("127.0.2.1", "editor", "wrong-2").status()).isEqualTo(401);

        Answer right = basic("127.0.2.1", "editor", "editor");

        assertThat(right.status()).isEqualTo(429);
        assertThat(right.header("Retry-After")).isNotNull();
        assertThat(Long.parseLong(right.header("Retry-After"))).isBetween(3500L, 3600L);
        assertThat(right.header("Content-Type")).startsWith("application/problem+json");
        assertThat(right.body()).contains("Too many failed logins");
        JsonNode problem = Json.MAPPER.readTree(right.body());
        assertThat(problem.path("type").asString(""))
                .isEqualTo(ProblemType.THROTTLED.uri().toString());
        assertThat(problem.path("requestId").asString("")).isNotBlank().isEqualTo(right.header("X-Request-Id"));
        assertThat(meters.counter("backstop.login.failures", "via", "basic").count() - failuresBefore)
                .isEqualTo(2);
        assertThat(output.getOut()).contains("failed login for user 'editor' from 127.0.2.1 via basic");
    }

    @Test
    void jsonLoginIsThrottledPerUserFromAnyAddress() throws Exception {
        assertThat(login("127.0.2.2", "application/json", "{\"username\":\"admin\",\"password\":\"x\"}")
                        .status())
                .isEqualTo(401);
        assertThat(login("127.0.2.3", "application/json", "{\"username\":\"admin\",\"password\":\"y\"}")
                        .status())
                .isEqualTo(401);

        Answer right = login("127.0.2.4", "application/json", "{\"username\":\"admin\",\"password\":\"admin\"}");

        assertThat(right.status()).isEqualTo(429);
        assertThat(right.header("Retry-After")).isNotNull();
        assertThat(right.body()).contains("Too many failed logins");
    }

    @Test
    void formLoginIsThrottledPerAddressWhateverTheUser() throws Exception {
        String form = "application/x-www-form-urlencoded";
        assertThat(login("127.0.2.5", form, "username=ghost1&password=x").status())
                .isEqualTo(401);
        assertThat(login("127.0.2.5", form, "username=ghost2&password=x").status())
                .isEqualTo(401);

        Answer right = login("127.0.2.5", form, "username=viewer&password=viewer");

        assertThat(right.status()).isEqualTo(429);
        assertThat(right.header("Retry-After")).isNotNull();
        // another address is not affected
        assertThat(login("127.0.2.6", form, "username=viewer&password=viewer").status())
                .isEqualTo(200);
    }

    private record Answer(int status, String head, String body) {
        String header(String name) {
            return head.lines()
                    .filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(name.length() + 1).trim())
                    .findFirst()
                    .orElse(null);
        }
    }

    private Answer basic(String from, String user, String password) throws Exception {
        return send(
                from,
                "GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basic(user, password)
                        + "\r\nConnection: close\r\n\r\n");
    }

    private Answer login(String from, String contentType, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(
                from,
                "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                        + "\r\nCookie: XSRF-TOKEN=" + CSRF + "\r\nX-XSRF-TOKEN: " + CSRF
                        + "\r\nSec-Fetch-Mode: cors\r\nSec-Fetch-Site: same-origin\r\nContent-Length: " + bytes.length
                        + "\r\nConnection: close\r\n\r\n" + body);
    }

    private Answer send(String from, String request) throws Exception {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            return new Answer(
                    Integer.parseInt(response.substring(9, 12)),
                    response.substring(0, end),
                    response.substring(end + 4));
        }
    }
}
