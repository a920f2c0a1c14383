package io.backstop.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Json;

/**
 * A client of the gateway's API as curl would be: HTTP Basic, JSON in and out. For the system tests and the
 * benchmarks, which use the system only from outside, as its users do.
 */
public final class GatewayClient {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String authorization;

    private GatewayClient(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    public static GatewayClient as(String gatewayUrl, String user, String password) {
        return new GatewayClient(
                gatewayUrl,
                "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public static GatewayClient anonymous(String gatewayUrl) {
        return new GatewayClient(gatewayUrl, null);
    }

    public Response get(String path) {
        return send(request(path, Map.of()).GET());
    }

    public Response post(String path, Object body) {
        return post(path, body, Map.of());
    }

    public Response post(String path, Object body, Map<String, String> headers) {
        return send(request(path, headers)
                .header("Content-Type", "application/json")
                .POST(body(body)));
    }

    public Response put(String path, Object body) {
        return put(path, body, Map.of());
    }

    public Response put(String path, Object body, Map<String, String> headers) {
        return send(request(path, headers)
                .header("Content-Type", "application/json")
                .PUT(body(body)));
    }

    public Response delete(String path) {
        return send(request(path, Map.of()).DELETE());
    }

    private HttpRequest.Builder request(String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        headers.forEach(b::header);
        return b;
    }

    private static HttpRequest.BodyPublisher body(Object body) {
        return body instanceof String s
                ? HttpRequest.BodyPublishers.ofString(s)
                : HttpRequest.BodyPublishers.ofByteArray(Json.write(body));
    }

    private static Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(
                    r.statusCode(),
                    r.body(),
                    r.headers().firstValue("Location").orElse(null),
                    r.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public record Response(int status, byte[] body, String location, String contentType) {

        public JsonNode json() {
            return Json.MAPPER.readTree(body);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String text = text();
            return status + " " + (text.length() > 2000 ? text.substring(0, 2000) + "..." : text);
        }
    }
}
