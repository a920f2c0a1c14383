package io.backstop.catalog.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;
import com.mongodb.client.MongoDatabase;

import io.backstop.catalog.TestMongo;
import io.backstop.outbox.OutboxFields;
import io.backstop.support.test.TestTokens;

/**
 * What operators read: the catalog's own meters, the way Prometheus reads them (unauthenticated from
 * /actuator/prometheus), and the OpenAPI document. Capture is disabled, so every write's outbox entry stays
 * READY and the backlog gauges have something to show.
 */
@SpringBootTest
@AutoConfigureMockMvc
class OperationsEndpointsTest {

    private static final String EDITOR = TestTokens.bearer("erin", "editor");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", TestMongo::uri);
        registry.add("backstop.catalog.database", () -> "catalog_metrics");
        registry.add("backstop.security.gateway-secret", () -> TestTokens.SECRET);
        registry.add("backstop.capture.enabled", () -> "false");
        registry.add("spring.kafka.admin.auto-create", () -> "false");
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    MongoDatabase db;

    @BeforeEach
    void clean() {
        for (String c : new String[] {"brands", "models", "engines", "outbox", "tombstones"}) {
            db.getCollection(c).deleteMany(new Document());
        }
    }

    private String scrape() throws Exception {
        return mvc.perform(get("/actuator/prometheus"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private double writes(String exposition, String kind, String action, String outcome) {
        return Scrape.value(
                        exposition,
                        "backstop_catalog_writes_total",
                        "kind=\"" + kind + "\"",
                        "action=\"" + action + "\"",
                        "outcome=\"" + outcome + "\"")
                .orElse(0);
    }

    private String createBrand(String name) throws Exception {
        String body = mvc.perform(post("/api/catalog/brands")
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\"}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JsonPath.read(body, "$.id");
    }

    @Test
    void writesAreCountedByKindActionAndOutcome() throws Exception {
        String before = scrape();

        String id = createBrand("Audi");
        createBrand("BMW");
        mvc.perform(put("/api/catalog/brands/" + id)
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":7,\"name\":\"Audi AG\"}"))
                .andExpect(status().isConflict());
        mvc.perform(put("/api/catalog/brands/" + id)
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":1,\"name\":\"Audi AG\"}"))
                .andExpect(status().isOk());
        mvc.perform(post("/api/catalog/models")
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"brandId\":\"0123456789abcdef01234567\",\"name\":\"A4\"}"))
                .andExpect(status().isBadRequest());

        String after = scrape();
        assertThat(writes(after, "brands", "create", "ok") - writes(before, "brands", "create", "ok"))
                .isEqualTo(2);
        assertThat(writes(after, "brands", "update", "conflict") - writes(before, "brands", "update", "conflict"))
                .isEqualTo(1);
        assertThat(writes(after, "brands", "update", "ok") - writes(before, "brands", "update", "ok"))
                .isEqualTo(1);
        assertThat(writes(after, "models", "create", "invalid") - writes(before, "models", "create", "invalid"))
                .isEqualTo(1);
    }

    @Test
    void outboxBacklogShowsWaitingEntriesAndTheAgeOfTheOldest() throws Exception {
        createBrand("Audi");
        createBrand("BMW");
        // the first entry was written two minutes ago and is still not published
        Document oldest = db.getCollection(OutboxFields.OUTBOX)
                .find()
                .sort(new Document(OutboxFields.SEQ, 1))
                .first();
        db.getCollection(OutboxFields.OUTBOX)
                .updateOne(
                        new Document(OutboxFields.ID, oldest.get(OutboxFields.ID)),
                        new Document(
                                "$set",
                                new Document(
                                        OutboxFields.CREATED_AT,
                                        Date.from(Instant.now().minusSeconds(120)))));

        String exposition = scrape();

        assertThat(Scrape.value(exposition, "backstop_capture_outbox_entries", "status=\"ready\""))
                .hasValue(2);
        assertThat(Scrape.value(exposition, "backstop_capture_outbox_entries", "status=\"pending\""))
                .hasValue(0);
        assertThat(Scrape.value(exposition, "backstop_capture_outbox_oldest_ready_age_seconds")
                        .orElseThrow())
                .isBetween(120.0, 180.0);
    }

    @Test
    void emptyOutboxReportsNoBacklog() throws Exception {
        String exposition = scrape();

        assertThat(Scrape.value(exposition, "backstop_capture_outbox_entries", "status=\"ready\""))
                .hasValue(0);
        assertThat(Scrape.value(exposition, "backstop_capture_outbox_oldest_ready_age_seconds"))
                .hasValue(0);
    }

    @Test
    void apiDocumentNeedsATokenAndDescribesOperationsWithTheirErrors() throws Exception {
        mvc.perform(get("/v3/api-docs")).andExpect(status().isUnauthorized());

        String doc = mvc.perform(get("/v3/api-docs").header("Authorization", TestTokens.bearer("vera", "viewer")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat((String) JsonPath.read(doc, "$.paths['/api/catalog/engines/{id}'].put.summary"))
                .contains("version");
        assertThat((String) JsonPath.read(doc, "$.paths['/api/catalog/engines/{id}'].put.responses['409'].description"))
                .contains("reload");
        assertThat((String) JsonPath.read(doc, "$.paths['/api/catalog/{kind}'].get.responses['400'].description"))
                .contains("errors");
    }

    @Test
    void everyCatalogOperationHasASummaryADescriptionAndAnExampleOfItsAnswer() throws Exception {
        String doc = mvc.perform(get("/v3/api-docs").header("Authorization", TestTokens.bearer("vera", "viewer")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        java.util.Map<String, java.util.Map<String, java.util.Map<String, Object>>> paths =
                JsonPath.read(doc, "$.paths");
        int operations = 0;
        for (var path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/catalog")) {
                continue;
            }
            for (var operation : path.getValue().entrySet()) {
                String where = operation.getKey() + " " + path.getKey();
                assertThat(operation.getValue().get("summary"))
                        .as(where + " summary")
                        .isNotNull();
                assertThat(operation.getValue().get("description"))
                        .as(where + " description")
                        .isNotNull();
                operations++;
            }
        }
        // list, get, create and update per kind, delete, move, and the form schema
        assertThat(operations).isEqualTo(11);
        assertThat((java.util.List<String>) JsonPath.read(doc, "$.paths['/api/catalog/{kind}'].get.parameters[*].name"))
                .contains("limit", "cursor")
                .doesNotContain("page", "size");
        String listExample = JsonPath.read(doc, "$.paths['/api/catalog/{kind}'].get.responses['200']")
                .toString();
        assertThat(listExample)
                .contains("example")
                .contains("items")
                .contains("next")
                .contains("changedBy");
        // the writes answer the document record, whose schema carries the example and no 'fields' member
        assertThat(JsonPath.read(doc, "$.paths['/api/catalog/brands'].post.responses['201']")
                        .toString())
                .contains("/CatalogDocument")
                .contains("example");
        assertThat(JsonPath.read(doc, "$.paths['/api/catalog/engines/{id}'].put.responses['200']")
                        .toString())
                .contains("/CatalogDocument");
        assertThat(JsonPath.read(doc, "$.components.schemas.CatalogDocument.example")
                        .toString())
                .contains("createdBy");
        assertThat((java.util.Map<String, Object>)
                        JsonPath.read(doc, "$.components.schemas.CatalogDocument.properties"))
                .containsKeys("id", "version", "createdAt", "createdBy", "changedAt", "changedBy", "action", "deleted")
                .doesNotContainKey("fields");
    }
}
