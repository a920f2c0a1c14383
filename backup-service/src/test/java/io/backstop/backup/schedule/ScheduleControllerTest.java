package io.backstop.backup.schedule;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.backstop.support.ServiceSupportAutoConfiguration;
import io.backstop.support.test.TestTokens;

/** A schedule is changed or deleted only against the version the caller read; checked before the store is asked. */
@WebMvcTest(
        controllers = ScheduleController.class,
        properties = "backstop.security.gateway-secret=" + TestTokens.SECRET)
@ImportAutoConfiguration(ServiceSupportAutoConfiguration.class)
class ScheduleControllerTest {

    private static final String ADMIN = TestTokens.bearer("ada", "admin");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ScheduleStore store;

    @Test
    void anUpdateWithoutVersionIsAValidationProblemNamingVersion() throws Exception {
        mvc.perform(put("/api/backups/schedules/s-1")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"cron\":\"0 0 2 * * *\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://backstop.dev/problems/validation"))
                .andExpect(jsonPath("$.errors[0].field").value("version"));
        verify(store, never()).update(anyString(), anyLong(), any(), any());
    }

    @Test
    void aDeleteWithoutVersionIsAValidationProblemNamingVersion() throws Exception {
        mvc.perform(delete("/api/backups/schedules/s-1").header("Authorization", ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://backstop.dev/problems/validation"))
                .andExpect(jsonPath("$.errors[0].field").value("version"));
        verify(store, never()).delete(anyString(), anyLong());
    }

    @Test
    void aStaleOrUnknownVersionOnDeleteIs404() throws Exception {
        // the mocked store refuses (false), as it does when no schedule has this id and version
        mvc.perform(delete("/api/backups/schedules/s-1").param("version", "3").header("Authorization", ADMIN))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://backstop.dev/problems/not-found"));
        verify(store).delete("s-1", 3L);
    }

    @Test
    void aBadCronIsAValidationProblemNamingCron() throws Exception {
        mvc.perform(put("/api/backups/schedules/s-1")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"cron\":\"every night\",\"version\":1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("cron"));
        verify(store, never()).update(anyString(), anyLong(), any(), any());
    }
}
