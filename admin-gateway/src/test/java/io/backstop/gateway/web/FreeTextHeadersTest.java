package io.backstop.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.backstop.contracts.HeaderText;
import io.backstop.contracts.Json;
import io.backstop.gateway.GatewayTestSupport;
import io.backstop.gateway.StubService;
import io.backstop.support.RawHttp;

/**
 * A change reason sent the ways a client can send it, byte for byte on a socket (the JDK client refuses to send
 * non-ASCII header bytes): the service behind the gateway always gets it in the RFC 8187 form, which it reads back
 * exactly.
 */
class FreeTextHeadersTest extends GatewayTestSupport {

    private static final String REASON = "Prüfstand ✓";
    private static final String FORWARDED = "UTF-8''Pr%C3%BCfstand%20%E2%9C%93";

    @Test
    void forwardsARawUtf8ReasonInTheRfc8187Form() throws Exception {
        RawHttp.Answer answer = post("X-Change-Reason: " + REASON, StandardCharsets.UTF_8);

        assertThat(answer.status()).isEqualTo(200);
        StubService.Received received = catalog.take();
        assertThat(received.header("X-Change-Reason*")).isEqualTo(FORWARDED);
        assertThat(received.header("X-Change-Reason")).isNull();
    }

    @Test
    void forwardsALatin1ReasonAsTheTextItMeant() throws Exception {
        RawHttp.Answer answer = post("X-Change-Reason: Prüfstand", StandardCharsets.ISO_8859_1);

        assertThat(answer.status()).isEqualTo(200);
        String forwarded = catalog.take().header("X-Change-Reason*");
        assertThat(HeaderText.decodeExtended("X-Change-Reason", forwarded)).isEqualTo("Prüfstand");
    }

    @Test
    void forwardsTheRfc8187FormAsTheBrowserSentIt() throws Exception {
        RawHttp.Answer answer = post("X-Change-Reason*: " + FORWARDED, StandardCharsets.US_ASCII);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(catalog.take().header("X-Change-Reason*")).isEqualTo(FORWARDED);
    }

    @Test
    void refusesAMalformedRfc8187ReasonAndForwardsNothing() throws Exception {
        RawHttp.Answer answer = post("X-Change-Reason*: Pr%C3%BCfstand", StandardCharsets.US_ASCII);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(Json.MAPPER.readTree(answer.body()).path("detail").asString())
                .startsWith("X-Change-Reason* is not an RFC 8187 value: it must be charset'language'value");
        assertThat(catalog.receivedNothing()).isTrue();
    }

    @Test
    void refusesBothFormsAtOnce() throws Exception {
        RawHttp.Answer answer =
                post("X-Change-Reason: typo\r\nX-Change-Reason*: UTF-8''typo", StandardCharsets.US_ASCII);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(answer.body()).path("detail").asString())
                .isEqualTo("Send either X-Change-Reason or X-Change-Reason*, not both.");
        assertThat(catalog.receivedNothing()).isTrue();
    }

    /** A brand create as an editor with {@code header} written in {@code charset}, on its own connection. */
    private RawHttp.Answer post(String header, Charset charset) throws Exception {
        return RawHttp.post(
                URI.create("http://127.0.0.1:" + port),
                "/api/catalog/brands",
                "editor",
                "editor",
                "{\"name\":\"Brabus\"}".getBytes(StandardCharsets.UTF_8),
                header,
                charset);
    }
}
