package io.backstop.backup.ops;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.backstop.contracts.OperationKind;
import io.backstop.contracts.Page;
import io.backstop.support.ServiceSupportAutoConfiguration;
import io.backstop.support.test.TestTokens;

/** The operations list's filter parsing and the id rule, without MongoDB. */
@WebMvcTest(
        controllers = OperationsController.class,
        properties = "backstop.security.gateway-secret=" + TestTokens.SECRET)
@ImportAutoConfiguration(ServiceSupportAutoConfiguration.class)
class OperationsControllerTest {

    private static final String VIEWER = TestTokens.bearer("vera", "viewer");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    OperationRecords operations;

    @Test
    void kindAndStatusAreParsedToTheirEnumsAndThePageKeepsItsFieldNames() throws Exception {
        OperationView op = new OperationView(
                "op-1",
                OperationKind.PITR,
                OperationStatus.RUNNING,
                null,
                "ada",
                Instant.parse("2026-01-01T00:00:00Z"),
                null,
                null,
                40,
                "restoring",
                null,
                null);
        when(operations.list(OperationKind.PITR, OperationStatus.RUNNING, 5, null))
                .thenReturn(new Page<>(List.of(op), "c-2", null));

        mvc.perform(get("/api/operations")
                        .param("kind", "pitr")
                        .param("status", "running")
                        .param("limit", "5")
                        .header("Authorization", VIEWER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value("op-1"))
                .andExpect(jsonPath("$.items[0].kind").value("pitr"))
                .andExpect(jsonPath("$.items[0].status").value("running"))
                .andExpect(jsonPath("$.items[0].startedAt").value("2026-01-01T00:00:00Z"))
                .andExpect(jsonPath("$.next").value("c-2"));
    }

    @Test
    void anUnknownKindIsAValidationProblemNamingKind() throws Exception {
        mvc.perform(get("/api/operations").param("kind", "compaction").header("Authorization", VIEWER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://backstop.dev/problems/validation"))
                .andExpect(jsonPath("$.errors[0].field").value("kind"));
        verify(operations, never()).list(any(), any(), any(), any());
    }

    @Test
    void anUnknownStatusIsAValidationProblemNamingStatus() throws Exception {
        mvc.perform(get("/api/operations").param("status", "done").header("Authorization", VIEWER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://backstop.dev/problems/validation"))
                .andExpect(jsonPath("$.errors[0].field").value("status"));
    }

    @Test
    void aMalformedIdIs400AndAnUnknownOne404() throws Exception {
        mvc.perform(get("/api/operations/NOT_AN_ID").header("Authorization", VIEWER))
                .andExpect(status().isBadRequest());
        verify(operations, never()).find(anyString());
        mvc.perform(get("/api/operations/op-404").header("Authorization", VIEWER))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://backstop.dev/problems/not-found"));
    }
}
