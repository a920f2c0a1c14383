package io.backstop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Json;
import io.backstop.stack.GatewayClient;
import io.backstop.support.RawHttp;

/**
 * Issue 13, points 9 and 10, through the gateway of the whole stack: a change reason sent as raw UTF-8 (curl), as
 * Latin-1, or in the RFC 8187 form the UI uses, is the reason of the stored audit entry, exactly; a malformed one
 * is a 400 that creates nothing; and a query parameter the endpoint does not know is a 400 naming it, not a
 * filter silently dropped. Header bytes are written on a socket: the JDK client refuses non-ASCII header values.
 */
@ExtendWith(RunningStack.class)
class RequestTextIT {

    private static final String REASON = "Prüfstand ✓";
    private final GatewayClient editor = Api.as("editor", "editor");

    @Test
    void aRawUtf8ReasonIsStoredExactly() throws Exception {
        assertThat(reasonStoredFor("X-Change-Reason: " + REASON, StandardCharsets.UTF_8))
                .isEqualTo(REASON);
    }

    @Test
    void aLatin1ReasonIsStoredAsTheTextItMeant() throws Exception {
        assertThat(reasonStoredFor("X-Change-Reason: Prüfstand", StandardCharsets.ISO_8859_1))
                .isEqualTo("Prüfstand");
    }

    @Test
    void anRfc8187ReasonIsStoredExactly() throws Exception {
        assertThat(reasonStoredFor("X-Change-Reason*: UTF-8''Pr%C3%BCfstand%20%E2%9C%93", StandardCharsets.US_ASCII))
                .isEqualTo(REASON);
    }

    @Test
    void aMalformedReasonIsRefusedByNameAndCreatesNothing() throws Exception {
        String name = "Malformed Reason " + UUID.randomUUID().toString().substring(0, 8);
        RawHttp.Answer answer = createBrand(name, "X-Change-Reason*: Pr%C3%BCfstand", StandardCharsets.US_ASCII);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("detail").asString()).startsWith("X-Change-Reason* is not an RFC 8187 value");
        JsonNode found =
                editor.get("/api/catalog/brands?q=" + name.replace(" ", "%20")).json();
        assertThat(found.get("total").asInt()).isZero();
    }

    @Test
    void anUnknownQueryParameterIsRefusedNamingItAndTheAcceptedOnes() {
        GatewayClient.Response answer = Api.as("viewer", "viewer").get("/api/audit?user=nobody");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").asString())
                .isEqualTo(
                        "Unknown query parameter 'user'; remove it"
                                + " (this endpoint accepts collection, documentId, action, changedBy, field, from, to, limit, cursor).");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("user");
    }

    /** Creates a brand with {@code header} and returns the reason of its audit entry once it is materialized. */
    private String reasonStoredFor(String header, Charset charset) throws Exception {
        RawHttp.Answer created =
                createBrand("Reason Motors " + UUID.randomUUID().toString().substring(0, 8), header, charset);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        JsonNode[] entry = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    GatewayClient.Response history = editor.get("/api/audit/brands/" + id);
                    assertThat(history.status()).isEqualTo(200);
                    entry[0] = history.json().get("items").get(0);
                });
        return entry[0].get("reason").asString();
    }

    /** {@code POST /api/catalog/brands} as the editor, {@code header} written in {@code charset}, on its own connection. */
    private static RawHttp.Answer createBrand(String name, String header, Charset charset) throws Exception {
        return RawHttp.post(
                URI.create(RunningStack.get().gatewayUrl()),
                "/api/catalog/brands",
                "editor",
                "editor",
                Json.write(java.util.Map.of("name", name)),
                header,
                charset);
    }
}
