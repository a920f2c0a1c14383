package io.backstop.bench.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What the bad-input suite accepts as the answer to a bad request: a problem of the API's one format. */
class ProblemFaultTest {

    private static RawHttp.Answer answer(String contentType, String body) {
        return new RawHttp.Answer(400, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCompleteProblemHasNoFault() {
        assertThat(answer(
                                "application/problem+json",
                                "{\"type\":\"https://backstop.dev/problems/validation\","
                                        + "\"title\":\"Invalid request\",\"status\":400,\"detail\":\"name must not be blank\",\"requestId\":\"r1\"}")
                        .problemFault())
                .isNull();
    }

    @Test
    void aProblemOfTypeAboutBlankIsFaulty() {
        assertThat(answer(
                                "application/problem+json",
                                "{\"type\":\"about:blank\",\"status\":400,\"detail\":\"x\"," + "\"requestId\":\"r1\"}")
                        .problemFault())
                .contains("type");
    }

    @Test
    void aProblemWithoutRequestIdIsFaulty() {
        assertThat(answer(
                                "application/problem+json",
                                "{\"type\":\"https://backstop.dev/problems/validation\","
                                        + "\"status\":400,\"detail\":\"x\"}")
                        .problemFault())
                .isEqualTo("no requestId");
    }

    @Test
    void aProblemWithoutDetailIsFaulty() {
        assertThat(answer(
                                "application/problem+json",
                                "{\"type\":\"https://backstop.dev/problems/validation\","
                                        + "\"status\":400,\"requestId\":\"r1\"}")
                        .problemFault())
                .isEqualTo("no detail");
    }

    @Test
    void anHtmlPageIsFaulty() {
        assertThat(answer("text/html", "<html>Bad Request</html>").problemFault())
                .isEqualTo("not application/problem+json");
    }
}
