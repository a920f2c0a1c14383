package io.backstop.backup.pitr;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
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

import io.backstop.backup.ops.OperationStatus;
import io.backstop.backup.ops.OperationView;
import io.backstop.contracts.OperationKind;
import io.backstop.support.ServiceSupportAutoConfiguration;
import io.backstop.support.test.TestTokens;

/** A dry run (the default) answers 200 with the preview; a confirmed run 202 with the operation; no MongoDB. */
@WebMvcTest(controllers = PitrController.class, properties = "backstop.security.gateway-secret=" + TestTokens.SECRET)
@ImportAutoConfiguration(ServiceSupportAutoConfiguration.class)
class PitrControllerTest {

    private static final String ADMIN = TestTokens.bearer("ada", "admin");
    private static final Instant AT = Instant.parse("2026-11-26T10:30:00Z");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    PitrService pitr;

    @Test
    void withoutDryRunItPreviews() throws Exception {
        when(pitr.at(any())).thenReturn(AT);
        when(pitr.preview(AT))
                .thenReturn(new PitrService.Preview(
                        AT, "b-1", 7, 3, Map.of("brands", new OperationView.CollectionCounts(1, 1, 1, 10))));

        mvc.perform(post("/api/backups/pitr")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"at\":\"2026-11-26T10:30:00Z\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.baseBackupId").value("b-1"))
                .andExpect(jsonPath("$.auditEntries").value(7))
                .andExpect(jsonPath("$.documentsChanged").value(3))
                .andExpect(jsonPath("$.collections.brands.changed").value(1));
        verify(pitr, never()).start(any(), any(), any(), any());
    }

    @Test
    void aConfirmedRunIsAcceptedWithItsOperation() throws Exception {
        when(pitr.at(any())).thenReturn(AT);
        when(pitr.start(any(), eq(AT), eq("ada"), any()))
                .thenReturn(new OperationView(
                        "op-7",
                        OperationKind.PITR,
                        OperationStatus.RUNNING,
                        null,
                        "ada",
                        AT,
                        null,
                        null,
                        0,
                        null,
                        null,
                        null));

        mvc.perform(
                        post("/api/backups/pitr")
                                .header("Authorization", ADMIN)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(
                                        "{\"at\":\"2026-11-26T10:30:00Z\",\"dryRun\":false,\"confirm\":\"2026-11-26T10:30:00Z\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.id").value("op-7"))
                .andExpect(jsonPath("$.kind").value("pitr"))
                .andExpect(jsonPath("$.startedBy").value("ada"));
        verify(pitr, never()).preview(any());
    }

    @Test
    void aMissingAtIsAValidationProblemNamingIt() throws Exception {
        mvc.perform(post("/api/backups/pitr")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"dryRun\":true}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://backstop.dev/problems/validation"))
                .andExpect(jsonPath("$.errors[0].field").value("at"));
        verify(pitr, never()).preview(any());
    }

    @Test
    void anUnknownBodyFieldIsRefusedNotIgnored() throws Exception {
        // "dryrun" misspelt would otherwise be dropped and the default (a dry run) silently applied
        mvc.perform(post("/api/backups/pitr")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"at\":\"2026-11-26T10:30:00Z\",\"dryrun\":false}"))
                .andExpect(status().isBadRequest());
        verify(pitr, never()).start(any(), any(), any(), any());
    }
}
