package io.backstop.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.backstop.support.test.TestTokens;

@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
        properties = {
            "backstop.security.gateway-secret=" + TestTokens.SECRET,
            "backstop.http.max-body-bytes=2048",
            "backstop.http.uploads[0].path=/upload",
            "backstop.http.uploads[0].max-bytes=8KB"
        })
@AutoConfigureMockMvc
class ServiceSupportTest {

    private static final String REASON = "Prüfstand ✓";

    @Autowired
    MockMvc mvc;

    @Test
    void rejectsARequestWithoutAToken() throws Exception {
        mvc.perform(get("/who"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("through the gateway")));
    }

    @Test
    void rejectsATokenSignedWithAnotherSecret() throws Exception {
        mvc.perform(get("/who")
                        .header(
                                HttpHeaders.AUTHORIZATION,
                                TestTokens.bearerSignedWith(
                                        "another-secret-another-secret-another", "mallory", "admin")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void refusesATokenWithoutExpiry() throws Exception {
        mvc.perform(get("/who").header(HttpHeaders.AUTHORIZATION, bearer(Instant.now(), null)))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("no exp claim")));
    }

    @Test
    void refusesATokenThatLivesTenYears() throws Exception {
        Instant now = Instant.now();
        mvc.perform(get("/who").header(HttpHeaders.AUTHORIZATION, bearer(now, now.plus(Duration.ofDays(3650)))))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("at most")));
    }

    @Test
    void refusesALongLifetimeEvenWhenIssuedLongAgo() throws Exception {
        Instant now = Instant.now();
        mvc.perform(get("/who")
                        .header(
                                HttpHeaders.AUTHORIZATION,
                                bearer(now.minus(Duration.ofHours(1)), now.plus(Duration.ofMinutes(4)))))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("lifetime")));
    }

    @Test
    void acceptsATokenOfTheDocumentedLifetime() throws Exception {
        Instant now = Instant.now();
        mvc.perform(get("/who").header(HttpHeaders.AUTHORIZATION, bearer(now, now.plus(GatewayTokens.LIFETIME))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.user").value("mallory"));
    }

    /** Signed with the right secret, as someone holding it could: only the claims differ from the gateway's. */
    private static String bearer(Instant issuedAt, Instant expiresAt) {
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(GatewayTokens.ISSUER)
                .subject("mallory")
                .issuedAt(issuedAt)
                .claim(GatewayTokens.ROLES_CLAIM, java.util.List.of("admin"));
        if (expiresAt != null) {
            claims.expiresAt(expiresAt);
        }
        JwtEncoder encoder = NimbusJwtEncoder.withSecretKey(GatewayTokens.key(TestTokens.SECRET))
                .algorithm(MacAlgorithm.HS256)
                .build();
        return "Bearer "
                + encoder.encode(JwtEncoderParameters.from(
                                JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
                        .getTokenValue();
    }

    @Test
    void ignoresIdentityHeadersABrowserCouldSet() throws Exception {
        mvc.perform(get("/who").header("X-User", "admin").header("X-Roles", "admin"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void takesTheUserFromTheGatewayToken() throws Exception {
        mvc.perform(get("/who").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("edith", "editor")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.user").value("edith"));
    }

    @Test
    void forbidsAWrongRole() throws Exception {
        mvc.perform(post("/admin-only").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("vic", "viewer")))
                .andExpect(status().isForbidden());
    }

    @Test
    void echoesASafeRequestIdAndReplacesAnUnsafeOne() throws Exception {
        mvc.perform(get("/who")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "viewer"))
                        .header("X-Request-Id", "req-123"))
                .andExpect(header().string("X-Request-Id", "req-123"))
                .andExpect(jsonPath("$.requestId").value("req-123"));
        String replaced = mvc.perform(get("/who")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "viewer"))
                        .header("X-Request-Id", "bad id\nforged log line"))
                .andReturn()
                .getResponse()
                .getHeader("X-Request-Id");
        assertThat(replaced).doesNotContain("\n").doesNotContain(" ");
    }

    @Test
    void writesAnAccessLineAndTagsEveryLineOfTheRequestWithItsId(CapturedOutput output) throws Exception {
        mvc.perform(get("/who")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("edith", "viewer"))
                        .header("X-Request-Id", "abc"))
                .andExpect(status().isOk());

        assertThat(output.getOut().lines().filter(l -> l.contains("[abc]")))
                .anySatisfy(l -> assertThat(l)
                        .contains("io.backstop.access")
                        .contains("GET /who 200 ")
                        .contains("user=edith requestId=abc"))
                .anySatisfy(l -> assertThat(l).contains("edith asked who she is"));
    }

    @Test
    void logsRefusedRequestsWithoutAUser(CapturedOutput output) throws Exception {
        mvc.perform(post("/admin-only").header("X-Request-Id", "refused-1")).andExpect(status().isUnauthorized());

        assertThat(output.getOut()).contains("POST /admin-only 401 ").contains("user=- requestId=refused-1");
    }

    @Test
    void namesAnUnknownField() throws Exception {
        mvc.perform(post("/echo")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x\",\"$where\":\"1\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("$where"));
    }

    @Test
    void refusesANonStringWhereTextIsExpected() throws Exception {
        mvc.perform(post("/echo")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": true}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
    }

    @Test
    void refusesControlCharactersUnpairedSurrogatesAndBidiOverridesInText() throws Exception {
        for (String bad : new String[] {"a\\u0000b", "a\\uD800b", "admin\\u202Egnp.exe"}) {
            mvc.perform(post("/echo")
                            .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\": \"" + bad + "\"}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("name"));
        }
    }

    @Test
    void acceptsTextInAnyScriptWithEmojiAndLineBreaks() throws Exception {
        mvc.perform(post("/echo")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Škoda 1.4 TSI — تيربو 🚗\\nline two\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Škoda 1.4 TSI — تيربو 🚗\nline two"));
    }

    @Test
    void explainsMalformedJson() throws Exception {
        mvc.perform(post("/echo")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": "))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("Malformed JSON")));
    }

    @Test
    void listsInvalidFields() throws Exception {
        mvc.perform(post("/echo")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
    }

    @Test
    void anUploadPathTakesItsOwnLargerLimitAndNoMore() throws Exception {
        mvc.perform(post("/upload")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "admin"))
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(new byte[6000]))
                .andExpect(status().isOk())
                .andExpect(content().string("6000"));
        mvc.perform(post("/upload")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "admin"))
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(new byte[9000]))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("8192 bytes")));
        // the larger limit is that path's only
        mvc.perform(post("/echo")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + "x".repeat(6000) + "\"}"))
                .andExpect(status().isPayloadTooLarge());
    }

    @Test
    void refusesAnOversizedBody() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(4096) + "\"}";
        mvc.perform(post("/echo")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(big))
                .andExpect(status().isPayloadTooLarge());
    }

    /** Whoever answers (security, a filter, the advice, Spring MVC itself), the problem names its kind and request. */
    @Test
    void everyProblemCarriesItsTypeAndTheRequestId() throws Exception {
        String editor = TestTokens.bearer("a", "editor");
        String big = "{\"name\":\"" + "x".repeat(4096) + "\"}";
        java.util.Map<ProblemType, org.springframework.test.web.servlet.RequestBuilder> cases =
                new java.util.LinkedHashMap<>();
        cases.put(ProblemType.UNAUTHENTICATED, get("/who").header("X-Request-Id", "p-1"));
        cases.put(
                ProblemType.FORBIDDEN,
                post("/admin-only")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("v", "viewer"))
                        .header("X-Request-Id", "p-2"));
        cases.put(
                ProblemType.VALIDATION,
                post("/echo")
                        .header(HttpHeaders.AUTHORIZATION, editor)
                        .header("X-Request-Id", "p-3")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"\"}"));
        cases.put(
                ProblemType.MALFORMED_REQUEST,
                post("/echo")
                        .header(HttpHeaders.AUTHORIZATION, editor)
                        .header("X-Request-Id", "p-4")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": "));
        cases.put(
                ProblemType.UNKNOWN_PARAMETER,
                get("/who?nope=1").header(HttpHeaders.AUTHORIZATION, editor).header("X-Request-Id", "p-5"));
        cases.put(
                ProblemType.BODY_TOO_LARGE,
                post("/echo")
                        .header(HttpHeaders.AUTHORIZATION, editor)
                        .header("X-Request-Id", "p-6")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(big));
        cases.put(
                ProblemType.METHOD_NOT_ALLOWED,
                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/echo")
                        .header(HttpHeaders.AUTHORIZATION, editor)
                        .header("X-Request-Id", "p-7"));
        cases.put(
                ProblemType.NOT_FOUND,
                get("/no-such-endpoint")
                        .header(HttpHeaders.AUTHORIZATION, editor)
                        .header("X-Request-Id", "p-8"));
        int n = 0;
        for (var c : cases.entrySet()) {
            n++;
            mvc.perform(c.getValue())
                    .andExpect(status().is(c.getKey().status().value()))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(c.getKey().uri().toString()))
                    .andExpect(jsonPath("$.title").value(c.getKey().title()))
                    .andExpect(jsonPath("$.detail").isNotEmpty())
                    .andExpect(jsonPath("$.requestId").value("p-" + n));
        }
    }

    @Test
    void healthIsOpenForProbes() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
    }

    @Test
    void exposesPrometheusMetricsForTheScraper() throws Exception {
        mvc.perform(get("/actuator/prometheus"))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes")));
    }

    @Test
    void servesItsOpenApiDocumentOnlyToAuthenticatedCallers() throws Exception {
        mvc.perform(get("/v3/api-docs")).andExpect(status().isUnauthorized());
        mvc.perform(get("/v3/api-docs").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/echo']").exists());
    }

    /** What every service's document has (ApiDocs): no internal paths, errors described as the one Problem schema. */
    @Test
    void itsOpenApiDocumentIsPublicOnlyAndDescribesErrorsAsProblems() throws Exception {
        mvc.perform(get("/v3/api-docs").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.openapi").value(org.hamcrest.Matchers.startsWith("3.1")))
                .andExpect(jsonPath("$.paths['/internal/ping']").doesNotExist())
                .andExpect(jsonPath("$.paths['/echo'].post.responses['4XX']['$ref']")
                        .value("#/components/responses/Problem"))
                .andExpect(jsonPath("$.paths['/echo'].post.responses['5XX']['$ref']")
                        .value("#/components/responses/Problem"))
                .andExpect(jsonPath("$.components.responses.Problem.content['application/problem+json'].schema['$ref']")
                        .value("#/components/schemas/Problem"))
                .andExpect(jsonPath("$.components.schemas.Problem.properties.type.enum")
                        .value(org.hamcrest.Matchers.hasItem("https://backstop.dev/problems/version-conflict")))
                .andExpect(jsonPath("$.components.schemas.Problem.required")
                        .value(org.hamcrest.Matchers.hasItems("type", "title", "status", "detail", "requestId")))
                .andExpect(jsonPath("$.components.schemas.ProblemDetail").doesNotExist());
    }

    @Test
    void refusesAnUnknownQueryParameterNamingTheAcceptedOnes() throws Exception {
        mvc.perform(get("/search")
                        .param("changedBy", "edith")
                        .param("user", "nobody")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "viewer")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail")
                        .value("Unknown query parameter 'user'; remove it"
                                + " (this endpoint accepts changedBy, size, max)."))
                .andExpect(jsonPath("$.errors[0].field").value("user"))
                .andExpect(jsonPath("$.errors[0].message").value("is not a known query parameter"));
    }

    @Test
    void namesEveryUnknownQueryParameter() throws Exception {
        mvc.perform(get("/who?a=1&b=2").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "viewer")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail")
                        .value("Unknown query parameters ['a', 'b']; remove them"
                                + " (this endpoint takes no query parameters)."))
                .andExpect(jsonPath("$.errors[1].field").value("b"));
    }

    @Test
    void acceptsTheQueryParametersAHandlerDeclares() throws Exception {
        mvc.perform(get("/search?changedBy=edith&size=2&max=3")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "viewer")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.changedBy").value("edith"));
        mvc.perform(get("/anything?x=1&y=2").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "viewer")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.x").value("1"));
    }

    @Test
    void readsAReasonSentAsRawUtf8() throws Exception {
        mvc.perform(post("/reason")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .header("X-Change-Reason", asContainerSees(REASON.getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reason").value(REASON));
    }

    @Test
    void readsAReasonSentAsLatin1() throws Exception {
        mvc.perform(post("/reason")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .header("X-Change-Reason", asContainerSees("Prüfstand".getBytes(StandardCharsets.ISO_8859_1))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reason").value("Prüfstand"));
    }

    @Test
    void readsAReasonSentInTheRfc8187Form() throws Exception {
        mvc.perform(post("/reason")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .header("X-Change-Reason*", "UTF-8''Pr%C3%BCfstand%20%E2%9C%93"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reason").value(REASON))
                .andExpect(jsonPath("$.extended").doesNotExist());
    }

    @Test
    void refusesAMalformedRfc8187ReasonNamingTheHeader() throws Exception {
        mvc.perform(post("/reason")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .header("X-Change-Reason*", "UTF-8''Pr%FCfstand"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.startsWith(
                                "X-Change-Reason* is not an RFC 8187 value: the percent-encoded bytes are not UTF-8")));
    }

    @Test
    void refusesBothFormsOfTheReason() throws Exception {
        mvc.perform(post("/reason")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .header("X-Change-Reason", "typo")
                        .header("X-Change-Reason*", "UTF-8''typo"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Send either X-Change-Reason or X-Change-Reason*, not both."));
    }

    @Test
    void refusesAReasonWithControlCharactersOrBidiOverrides() throws Exception {
        for (String bad : new String[] {"UTF-8''a%07b", "UTF-8''admin%E2%80%AEgnp.exe"}) {
            mvc.perform(post("/reason")
                            .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                            .header("X-Change-Reason*", bad))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.detail")
                            .value(org.hamcrest.Matchers.startsWith("Header X-Change-Reason contains")));
        }
    }

    /** What Tomcat hands over for these header bytes: one ISO-8859-1 char per byte. */
    private static String asContainerSees(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @SpringBootApplication
    @EnableMethodSecurity
    static class App {

        @RestController
        static class Probe {

            @GetMapping("/who")
            java.util.Map<String, String> who() {
                org.slf4j.LoggerFactory.getLogger(Probe.class).info("{} asked who she is", CurrentUser.name());
                return java.util.Map.of("user", CurrentUser.name(), "requestId", CurrentUser.requestId());
            }

            @PostMapping("/admin-only")
            @PreAuthorize("hasRole('admin')")
            String adminOnly() {
                return "ok";
            }

            @GetMapping("/search")
            java.util.Map<String, Object> search(
                    @RequestParam(required = false) String changedBy,
                    @RequestParam(defaultValue = "20") int size,
                    @RequestParam(name = "max", required = false) Integer limit) {
                return java.util.Map.of("changedBy", changedBy == null ? "" : changedBy);
            }

            @GetMapping("/anything")
            java.util.Map<String, String> anything(@RequestParam java.util.Map<String, String> all) {
                return all;
            }

            @PostMapping("/reason")
            java.util.Map<String, String> reason(
                    @RequestHeader(name = "X-Change-Reason", required = false) String reason,
                    @RequestHeader(name = "X-Change-Reason*", required = false) String extended) {
                java.util.Map<String, String> seen = new java.util.HashMap<>();
                seen.put("reason", reason);
                if (extended != null) {
                    seen.put("extended", extended);
                }
                return seen;
            }

            @PostMapping("/upload")
            String upload(java.io.InputStream body) throws java.io.IOException {
                return String.valueOf(body.readAllBytes().length);
            }

            @GetMapping("/internal/ping")
            String internalPing() {
                return "pong";
            }

            @PostMapping("/echo")
            Body echo(@Valid @RequestBody Body body) {
                return body;
            }
        }

        record Body(@NotBlank String name) {}
    }
}
