package io.backstop.bench.badinput;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Json;

/**
 * Sends a request exactly as given: the path and query already percent-encoded (so {@code %2e%2e%2f}, {@code %00}
 * or a lone {@code %ff} arrive as an attacker would send them) and the body as raw bytes (so invalid UTF-8 and
 * unpaired surrogates reach the server unchanged). {@code GatewayClient} cannot do either: it encodes bodies as
 * valid UTF-8 JSON.
 */
public final class RawHttp {

    /** Where every problem type of the API lives (io.backstop.support.ProblemType; the bench does not depend on it). */
    static final String PROBLEM_TYPES = "https://backstop.dev/problems/";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String base;
    private final String authorization;

    public RawHttp(String base, String user, String password) {
        this.base = base;
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The answer, or a status of -1 with the exception's message when the request could not even be sent. */
    public Answer send(String method, String rawPathAndQuery, String contentType, byte[] body) {
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + rawPathAndQuery))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", authorization)
                    .header("Accept", "application/json, application/problem+json, */*");
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            request = b.method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (IllegalArgumentException e) {
            return new Answer(
                    -1,
                    "",
                    ("client refused to build the request: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            // a server that resets the connection on a too-large body answers nothing: reported as such
            return new Answer(-1, "", ("no answer: " + e).getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public record Answer(int status, String contentType, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /**
         * What is missing from this answer for it to be a problem of the API's one format (docs/problems.md): an
         * RFC 9457 body with a documented {@code type} (never {@code about:blank}), a {@code detail} that tells the
         * client something and the {@code requestId} to quote; null when nothing is.
         */
        public String problemFault() {
            if (!contentType.startsWith("application/problem+json")) {
                return "not application/problem+json";
            }
            JsonNode problem;
            try {
                problem = Json.MAPPER.readTree(body);
            } catch (RuntimeException e) {
                return "not JSON";
            }
            if (!problem.path("type").asString("").startsWith(PROBLEM_TYPES)) {
                return "type " + problem.path("type") + " is not one of " + PROBLEM_TYPES;
            }
            if (problem.path("detail").asString("").isBlank()) {
                return "no detail";
            }
            if (problem.path("requestId").asString("").isBlank()) {
                return "no requestId";
            }
            return null;
        }

        public String abbreviated() {
            String t = text().replaceAll("\\s+", " ");
            return status + " " + (t.length() > 300 ? t.substring(0, 300) + "..." : t);
        }
    }
}
