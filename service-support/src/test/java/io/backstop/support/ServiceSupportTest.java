package io.backstop.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.backstop.support.test.TestTokens;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

@SpringBootTest(properties = {
        "backstop.security.gateway-secret=" + TestTokens.SECRET,
        "backstop.http.max-body-bytes=2048"})
@AutoConfigureMockMvc
class ServiceSupportTest {

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
        mvc.perform(get("/who").header(HttpHeaders.AUTHORIZATION,
                        TestTokens.bearerSignedWith("another-secret-another-secret-another", "mallory", "admin")))
                .andExpect(status().isUnauthorized());
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
        mvc.perform(get("/who").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "viewer"))
                        .header("X-Request-Id", "req-123"))
                .andExpect(header().string("X-Request-Id", "req-123"))
                .andExpect(jsonPath("$.requestId").value("req-123"));
        String replaced = mvc.perform(get("/who").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "viewer"))
                        .header("X-Request-Id", "bad id\nforged log line"))
                .andReturn().getResponse().getHeader("X-Request-Id");
        assertThat(replaced).doesNotContain("\n").doesNotContain(" ");
    }

    @Test
    void namesAnUnknownField() throws Exception {
        mvc.perform(post("/echo").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"x\",\"$where\":\"1\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("$where"));
    }

    @Test
    void refusesANonStringWhereTextIsExpected() throws Exception {
        mvc.perform(post("/echo").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": true}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
    }

    @Test
    void refusesControlCharactersUnpairedSurrogatesAndBidiOverridesInText() throws Exception {
        for (String bad : new String[] {"a\\u0000b", "a\\uD800b", "admin\\u202Egnp.exe"}) {
            mvc.perform(post("/echo").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                            .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"" + bad + "\"}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("name"));
        }
    }

    @Test
    void acceptsTextInAnyScriptWithEmojiAndLineBreaks() throws Exception {
        mvc.perform(post("/echo").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Škoda 1.4 TSI — تيربو 🚗\\nline two\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Škoda 1.4 TSI — تيربو 🚗\nline two"));
    }

    @Test
    void explainsMalformedJson() throws Exception {
        mvc.perform(post("/echo").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": "))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("Malformed JSON")));
    }

    @Test
    void listsInvalidFields() throws Exception {
        mvc.perform(post("/echo").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
    }

    @Test
    void refusesAnOversizedBody() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(4096) + "\"}";
        mvc.perform(post("/echo").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("a", "editor"))
                        .contentType(MediaType.APPLICATION_JSON).content(big))
                .andExpect(status().isPayloadTooLarge());
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

    @SpringBootApplication
    @EnableMethodSecurity
    static class App {

        @RestController
        static class Probe {

            @GetMapping("/who")
            java.util.Map<String, String> who() {
                return java.util.Map.of("user", CurrentUser.name(), "requestId", CurrentUser.requestId());
            }

            @PostMapping("/admin-only")
            @PreAuthorize("hasRole('admin')")
            String adminOnly() {
                return "ok";
            }

            @PostMapping("/echo")
            Body echo(@Valid @RequestBody Body body) {
                return body;
            }
        }

        record Body(@NotBlank String name) {
        }
    }
}
