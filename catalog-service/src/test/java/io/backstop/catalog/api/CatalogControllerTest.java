package io.backstop.catalog.api;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.backstop.contracts.Page;
import io.backstop.support.ServiceSupportAutoConfiguration;
import io.backstop.support.test.TestTokens;

/**
 * The catalog API's parameter rules, checked before the store is asked: no MongoDB, no Kafka. Role checks are not
 * in this slice (method security is enabled by CatalogConfiguration, which also builds the store); CatalogApiTest
 * covers them against the whole service.
 */
@WebMvcTest(controllers = CatalogController.class, properties = "backstop.security.gateway-secret=" + TestTokens.SECRET)
@ImportAutoConfiguration(ServiceSupportAutoConfiguration.class)
class CatalogControllerTest {

    private static final String VIEWER = TestTokens.bearer("vera", "viewer");
    private static final String EDITOR = TestTokens.bearer("ed", "editor");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CatalogQueries queries;

    @MockitoBean
    CatalogCommands commands;

    @Test
    void aListWithoutLimitAsksForTheDefaultAndAnswersAPage() throws Exception {
        when(queries.list(Kind.BRANDS, null, null, 50, null)).thenReturn(new Page<>(List.of(), null, 0L));

        mvc.perform(get("/api/catalog/brands").header("Authorization", VIEWER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isArray())
                .andExpect(jsonPath("$.next").value(org.hamcrest.Matchers.nullValue()))
                .andExpect(jsonPath("$.total").value(0));
    }

    @Test
    void aLimitOutOfBoundsIsAValidationProblemNamingLimit() throws Exception {
        for (String limit : List.of("0", "501")) {
            mvc.perform(get("/api/catalog/brands").param("limit", limit).header("Authorization", VIEWER))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("https://backstop.dev/problems/validation"))
                    .andExpect(jsonPath("$.errors[0].field").value("limit"));
        }
        verify(queries, never()).list(any(), any(), any(), anyInt(), any());
    }

    @Test
    void anUnknownKindIs404() throws Exception {
        mvc.perform(get("/api/catalog/users").header("Authorization", VIEWER))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://backstop.dev/problems/not-found"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("'users'")));
    }

    @Test
    void aDeleteWithoutVersionIsAValidationProblemNamingVersion() throws Exception {
        mvc.perform(delete("/api/catalog/brands/b-1").header("Authorization", EDITOR))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://backstop.dev/problems/validation"))
                .andExpect(jsonPath("$.errors[0].field").value("version"));
        verify(commands, never()).delete(any(), anyString(), anyLong(), anyBoolean(), any());
    }
}
