package io.backstop.backup.retention;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.backstop.backup.ops.OperationRecords;
import io.backstop.backup.ops.OperationStatus;
import io.backstop.backup.ops.OperationView;
import io.backstop.contracts.OperationKind;
import io.backstop.support.ServiceSupportAutoConfiguration;
import io.backstop.support.test.TestTokens;

/** The cleanup endpoint's rules without MongoDB: deleting is never the default, and only an admin may ask. */
@WebMvcTest(
        controllers = RetentionController.class,
        properties = "backstop.security.gateway-secret=" + TestTokens.SECRET)
@ImportAutoConfiguration(ServiceSupportAutoConfiguration.class)
class RetentionControllerTest {

    private static final String ADMIN = TestTokens.bearer("ada", "admin");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    RetentionService retention;

    @MockitoBean
    RetentionPolicyStore policies;

    @MockitoBean
    OperationRecords operations;

    @Test
    void withoutBodyOrDryRunItOnlyPreviews() throws Exception {
        when(retention.preview())
                .thenReturn(new RetentionService.Preview(
                        List.of(new RetentionService.Doomed(
                                "b-1", Instant.parse("2026-01-01T00:00:00Z"), "older than 30 days")),
                        2));

        mvc.perform(post("/api/backups/cleanup").header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.backups[0].backupId").value("b-1"))
                .andExpect(jsonPath("$.backups[0].reason").value("older than 30 days"))
                .andExpect(jsonPath("$.kept").value(2));
        mvc.perform(post("/api/backups/cleanup")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kept").value(2));
        verify(retention, never()).cleanup(any());
    }

    @Test
    void dryRunFalseCleansUpAndAnswersTheOperation() throws Exception {
        when(retention.cleanup("ada"))
                .thenReturn(new OperationView(
                        "op-1",
                        OperationKind.CLEANUP,
                        OperationStatus.COMPLETED,
                        null,
                        "ada",
                        Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-01-01T00:00:01Z"),
                        1000L,
                        100,
                        null,
                        null,
                        null));

        mvc.perform(post("/api/backups/cleanup")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"dryRun\":false}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("op-1"))
                .andExpect(jsonPath("$.startedBy").value("ada"))
                .andExpect(jsonPath("$.durationMs").value(1000))
                .andExpect(jsonPath("$.backups").doesNotExist());
        verify(retention, never()).preview();
    }

    @Test
    void anEditorMayNotCleanUp() throws Exception {
        mvc.perform(post("/api/backups/cleanup")
                        .header("Authorization", TestTokens.bearer("ed", "editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"dryRun\":false}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://backstop.dev/problems/forbidden"));
        verify(retention, never()).cleanup(any());
    }

    @Test
    void aPolicyWithoutVersionIsAValidationProblemNamingTheField() throws Exception {
        mvc.perform(put("/api/backups/retention")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"keepLast\":3}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://backstop.dev/problems/validation"))
                .andExpect(jsonPath("$.errors[0].field").value("version"));
        verify(policies, never()).replace(anyLong(), anyInt(), any(), any());
    }
}
