package io.backstop.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Json;
import io.backstop.gateway.GatewayTestSupport;
import io.backstop.support.ProblemType;

/**
 * Requests refused before any controller runs, sent byte for byte as a client could (an HTTP library would
 * normalise most of them away): each is a 400 problem detail that says what is wrong, never an HTML page or a body
 * without a message, and never reaches a service.
 */
class MalformedRequestsTest extends GatewayTestSupport {

    @Test
    void everyRefusalIsAProblemDetailWithAMessage() throws Exception {
        catalog.reset();
        audit.reset();
        List<String> targets = List.of(
                "/api/catalog/../../../../etc/passwd", // Tomcat: .. above the root
                "/api/catalog/..%2F..%2F..%2Fetc%2Fpasswd", // Tomcat: encoded /
                "/api/catalog/%252e%252e%252fetc", // Spring Security's firewall: encoded %
                "/api/catalog/engines;jsessionid=x/..;/x", // the firewall: ; in the path
                "/api/audit?collection=%FF", // not UTF-8
                "/api/audit?collection=%ED%A0%80", // an encoded surrogate
                "/api/audit?collection=" + "a".repeat(20_000)); // over Tomcat's 8 KB request line
        for (String target : targets) {
            Raw answer = get(target);
            String shown = target.length() > 60 ? target.substring(0, 60) + "..." : target;
            assertThat(answer.status()).as(shown).isEqualTo(400);
            assertThat(answer.contentType()).as(shown).startsWith("application/problem+json");
            JsonNode body = Json.MAPPER.readTree(answer.body());
            assertThat(body.path("status").asInt()).as(shown).isEqualTo(400);
            assertThat(body.path("detail").asString("")).as(shown).hasSizeGreaterThan(20);
            assertThat(body.path("type").asString(""))
                    .as(shown)
                    .isEqualTo(ProblemType.MALFORMED_REQUEST.uri().toString());
            assertThat(body.path("requestId").asString("")).as(shown).isNotBlank();
        }
        assertThat(catalog.receivedNothing())
                .as("nothing reached catalog-service")
                .isTrue();
        assertThat(audit.receivedNothing()).as("nothing reached audit-service").isTrue();
    }

    private record Raw(int status, String contentType, String body) {}

    /** One request on its own connection, the target sent exactly as given. */
    private Raw get(String target) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basic("viewer", "viewer")
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            int headersEnd = response.indexOf("\r\n\r\n");
            String head = response.substring(0, headersEnd);
            String body = response.substring(headersEnd + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            String contentType = head.lines()
                    .filter(l -> l.toLowerCase().startsWith("content-type:"))
                    .map(l -> l.substring(13).trim())
                    .findFirst()
                    .orElse("");
            return new Raw(status, contentType, body);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
