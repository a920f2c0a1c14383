package io.backstop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.backstop.gateway.GatewayTestSupport;
import io.backstop.gateway.StubService;

/** Failed logins and failing services answer and log without passwords, tokens or the signing secret. */
@ExtendWith(OutputCaptureExtension.class)
class SecretsInErrorsTest extends GatewayTestSupport {

    private static final String WRONG = "Wrong-Leakcheck-Pw-6620";

    @Test
    void wrongPasswordIsNeitherEchoedNorLogged(CapturedOutput output) throws Exception {
        HttpResponse<String> basic = send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .header("Authorization", basic("admin", WRONG))
                .GET()
                .build());
        HttpResponse<String> json = new Browser().login("admin", WRONG);

        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(json.statusCode()).isEqualTo(401);
        String encoded = Base64.getEncoder().encodeToString(("admin:" + WRONG).getBytes());
        assertThat(basic.body() + json.body()).doesNotContain(WRONG).doesNotContain(encoded);
        assertThat(output.getAll()).doesNotContain(WRONG).doesNotContain(encoded);
    }

    @Test
    void failingServiceAnswerIsPassedOnWithoutTheCallersCredentialsOrTheMintedToken(CapturedOutput output)
            throws Exception {
        catalog.respondWith(StubService.json(500, "{\"status\":500,\"detail\":\"An unexpected error occurred\"}"));

        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/catalog/brands"))
                .header("Authorization", basic("viewer", "viewer"))
                .GET()
                .build());

        assertThat(response.statusCode()).isEqualTo(500);
        String minted = catalog.take().header("Authorization").substring("Bearer ".length());
        assertThat(response.body()).doesNotContain(minted).doesNotContain(DEV_SECRET);
        assertThat(output.getAll())
                .doesNotContain(minted)
                .doesNotContain(DEV_SECRET)
                .doesNotContain(Base64.getEncoder().encodeToString("viewer:viewer".getBytes()));
    }
}
