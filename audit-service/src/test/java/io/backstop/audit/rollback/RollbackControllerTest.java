package io.backstop.audit.rollback;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.backstop.support.ServiceSupportAutoConfiguration;
import io.backstop.support.test.TestTokens;

/** A rollback names the version it previewed against; bad requests never reach the service. No MongoDB, no Kafka. */
@WebMvcTest(
        controllers = RollbackController.class,
        properties = "backstop.security.gateway-secret=" + TestTokens.SECRET)
@ImportAutoConfiguration(ServiceSupportAutoConfiguration.class)
class RollbackControllerTest {

    private static final String EDITOR = TestTokens.bearer("ed", "editor");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    RollbackService rollbacks;

    @Test
    void withoutExpectedVersionItIsAValidationProblemNamingIt() throws Exception {
        mvc.perform(post("/api/audit/brands/b-1/rollback")
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":2}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://backstop.dev/problems/validation"))
                .andExpect(jsonPath("$.errors[0].field").value("expectedVersion"));
        verify(rollbacks, never()).rollback(anyString(), anyString(), anyLong(), anyLong(), any());
    }

    @Test
    void anUnknownCollectionIs400BeforeTheServiceIsAsked() throws Exception {
        mvc.perform(post("/api/audit/users/u-1/rollback")
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":2,\"expectedVersion\":3}"))
                .andExpect(status().isBadRequest())
                .andExpect(
                        jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("unknown collection 'users'")));
        verify(rollbacks, never()).rollback(anyString(), anyString(), anyLong(), anyLong(), any());
    }

    @Test
    void aViewerMayNotRollBack() throws Exception {
        mvc.perform(post("/api/audit/brands/b-1/rollback")
                        .header("Authorization", TestTokens.bearer("vera", "viewer"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":2,\"expectedVersion\":3}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://backstop.dev/problems/forbidden"));
    }

    @Test
    void theAnswerIsTheDocumentsNewStateAndSaysWhenNothingChanged() throws Exception {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        when(rollbacks.rollback("brands", "b-1", 2, 3, "typo"))
                .thenReturn(new Reverted(
                        new RolledBackDocument(
                                "b-1", Map.of("name", "Acme"), 4, t, "ada", t, "ed", "ROLLBACK", "typo", false),
                        false));

        mvc.perform(post("/api/audit/brands/b-1/rollback")
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":2,\"expectedVersion\":3,\"reason\":\"typo\"}"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Nothing-Changed", "true"))
                .andExpect(jsonPath("$.id").value("b-1"))
                .andExpect(jsonPath("$.name").value("Acme"))
                .andExpect(jsonPath("$.fields").doesNotExist())
                .andExpect(jsonPath("$.version").value(4))
                .andExpect(jsonPath("$.changedBy").value("ed"));
    }
}
