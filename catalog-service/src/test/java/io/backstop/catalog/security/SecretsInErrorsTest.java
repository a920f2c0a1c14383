package io.backstop.catalog.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import io.backstop.infra.EmbeddedMongo;
import io.backstop.support.test.TestTokens;

/**
 * With a recognisable gateway secret, the failures a caller can provoke (forged or garbage tokens, a malformed
 * body, the database going away) answer without the secret, the caller's token or internals, and log neither.
 * The database outage runs last: it stops this class's own MongoDB.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class SecretsInErrorsTest {

    private static final String SECRET = "Catalog-Leakcheck-Gateway-Secret-0123456789";
    private static final String EDITOR = TestTokens.bearerSignedWith(SECRET, "erin", "editor");
    private static EmbeddedMongo mongo;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        mongo = EmbeddedMongo.inMemory();
        registry.add("spring.mongodb.uri", () -> mongo.connectionString() + "/catalog?serverSelectionTimeoutMS=500");
        registry.add("backstop.security.gateway-secret", () -> SECRET);
        registry.add("backstop.capture.enabled", () -> "false");
        registry.add("spring.kafka.admin.auto-create", () -> "false");
    }

    @AfterAll
    static void stop() {
        mongo.close();
    }

    @Autowired
    MockMvc mvc;

    @Test
    @Order(1)
    void rejectedTokensAreNeitherEchoedNorLogged(CapturedOutput output) throws Exception {
        String forged = TestTokens.bearerSignedWith("Forged-Leakcheck-Secret-0123456789-abcdef", "mallory", "admin");
        for (String authorization :
                List.of(forged, TestTokens.bearer("mallory", "admin"), "Bearer Garbage-Leakcheck-Token")) {
            String body = mvc.perform(get("/api/catalog/brands").header("Authorization", authorization))
                    .andExpect(status().isUnauthorized())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            String credential = authorization.substring("Bearer ".length());
            assertThat(body).doesNotContain(credential).doesNotContain(SECRET);
            assertThat(output.getAll()).doesNotContain(credential);
        }
        assertThat(output.getAll()).doesNotContain(SECRET).doesNotContain("Forged-Leakcheck-Secret");
    }

    @Test
    @Order(2)
    void malformedBodyIsA400ThatNamesNoInternals(CapturedOutput output) throws Exception {
        String body = mvc.perform(post("/api/catalog/brands")
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Audi\","))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(body)
                .contains("Malformed JSON")
                .doesNotContain("tools.jackson")
                .doesNotContain("Exception")
                .doesNotContain(SECRET);
        assertThat(output.getAll())
                .doesNotContain(EDITOR.substring("Bearer ".length()))
                .doesNotContain(SECRET);
    }

    @Test
    @Order(3)
    void databaseOutageIsA500WithOnlyTheRequestId(CapturedOutput output) throws Exception {
        mongo.close();

        String body = mvc.perform(get("/api/catalog/brands")
                        .header("Authorization", EDITOR)
                        .header("X-Request-Id", "req-outage"))
                .andExpect(status().isInternalServerError())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(body)
                .contains("req-outage")
                .doesNotContain("mongodb")
                .doesNotContain("Exception")
                .doesNotContain(String.valueOf(mongo.port()));
        assertThat(output.getAll())
                .as("the stack trace is logged, under the request id")
                .contains("req-outage")
                .doesNotContain(SECRET)
                .doesNotContain(EDITOR.substring("Bearer ".length()));
    }
}
