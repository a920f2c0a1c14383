package io.backstop.catalog.revert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

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
import io.backstop.support.NothingChanged;
import io.backstop.support.test.TestTokens;

/** The internal rollback endpoint audit-service calls. */
@SpringBootTest
@AutoConfigureMockMvc
class RevertApiTest {

    private static final String EDITOR = TestTokens.bearer("erin", "editor");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", TestMongo::uri);
        registry.add("backstop.catalog.database", () -> "catalog_revert");
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

    private String create(String kind, String json) throws Exception {
        String body = mvc.perform(post("/api/catalog/" + kind)
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JsonPath.read(body, "$.id");
    }

    private org.springframework.test.web.servlet.ResultActions revert(String kind, String id, String body)
            throws Exception {
        return mvc.perform(post("/internal/catalog/" + kind + "/" + id + "/revert")
                .header("Authorization", EDITOR)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    @Test
    void revertReplacesTheDocumentAndIsAuditedAsRollbackWithTheTargetVersion() throws Exception {
        String id = create("brands", "{\"name\":\"Audi\"}");

        revert(
                        "brands",
                        id,
                        "{\"document\":{\"_id\":\"" + id + "\",\"name\":\"Audi AG\",\"version\":1,"
                                + "\"_change\":{\"by\":\"x\"}},\"expectedVersion\":1,\"targetVersion\":1,\"reason\":\"undo\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(2));

        Document change =
                db.getCollection("brands").find(new Document("_id", id)).first().get("_change", Document.class);
        assertThat(change.getString("action")).isEqualTo("rollback");
        assertThat(change.getString("reason")).isEqualTo("undo");
        assertThat(change.get("metadata", Document.class).getLong("targetVersion"))
                .isEqualTo(1L);
    }

    @Test
    void revertReCreatesADeletedDocumentUnderItsIdContinuingItsVersions() throws Exception {
        String id = create("brands", "{\"name\":\"Audi\"}");
        mvc.perform(delete("/api/catalog/brands/" + id).param("version", "1").header("Authorization", EDITOR))
                .andExpect(status().isNoContent());

        revert("brands", id, "{\"document\":{\"name\":\"Audi\"},\"expectedVersion\":2,\"targetVersion\":1}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(3));

        assertThat(db.getCollection("brands")
                        .find(new Document("_id", id))
                        .first()
                        .getString("name"))
                .isEqualTo("Audi");
    }

    @Test
    void revertToAStateWhoseParentIsGoneIs409WithTheReason() throws Exception {
        String brandId = create("brands", "{\"name\":\"Audi\"}");
        String gone = create("brands", "{\"name\":\"Gone\"}");
        String modelId = create("models", "{\"brandId\":\"" + brandId + "\",\"name\":\"A4\"}");
        mvc.perform(delete("/api/catalog/brands/" + gone).param("version", "1").header("Authorization", EDITOR))
                .andExpect(status().isNoContent());

        revert(
                        "models",
                        modelId,
                        "{\"document\":{\"brandId\":\"" + gone + "\",\"name\":\"A4\"},\"expectedVersion\":1,"
                                + "\"targetVersion\":1}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail", containsString("no longer exists")));
        assertThat(db.getCollection("models")
                        .find(new Document("_id", modelId))
                        .first()
                        .getString("brandId"))
                .isEqualTo(brandId);
    }

    @Test
    void revertIsValidatedLikeAPut() throws Exception {
        String id = create("brands", "{\"name\":\"Audi\"}");

        revert(
                        "brands",
                        id,
                        "{\"document\":{\"name\":\"\",\"country\":\"Germany\"},\"expectedVersion\":1,\"targetVersion\":1}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", org.hamcrest.Matchers.hasItem("document.country")));
        revert("brands", id, "{\"document\":{\"name\":\"x\",\"$set\":1},\"expectedVersion\":1,\"targetVersion\":1}")
                .andExpect(status().isBadRequest());
        revert("brands", id, "{\"document\":{\"name\":\"x\"},\"expectedVersion\":5,\"targetVersion\":1}")
                .andExpect(status().isConflict());
    }

    @Test
    void revertWithoutExpectedVersionIs400NamingTheFieldAndWritesNothing() throws Exception {
        String id = create("brands", "{\"name\":\"Audi\"}");
        long outbox = db.getCollection("outbox").countDocuments();

        revert("brands", id, "{\"document\":{\"name\":\"Audi AG\"},\"targetVersion\":1}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("expectedVersion"));
        revert("brands", id, "{\"document\":null,\"targetVersion\":1}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("expectedVersion"));

        assertThat(db.getCollection("brands")
                        .find(new Document("_id", id))
                        .first()
                        .getString("name"))
                .isEqualTo("Audi");
        assertThat(db.getCollection("outbox").countDocuments()).isEqualTo(outbox);
    }

    @Test
    void revertPreviewedAgainstAnOlderVersionIs409WithTheCurrentVersionAndOverwritesNothing() throws Exception {
        String id = create("brands", "{\"name\":\"Audi\"}");
        mvc.perform(put("/api/catalog/brands/" + id)
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":1,\"name\":\"Audi AG\",\"country\":\"DE\"}"))
                .andExpect(status().isOk());
        long outbox = db.getCollection("outbox").countDocuments();

        revert("brands", id, "{\"document\":{\"name\":\"Audi\"},\"expectedVersion\":1,\"targetVersion\":1}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.currentVersion").value(2));

        Document stored =
                db.getCollection("brands").find(new Document("_id", id)).first();
        assertThat(stored.getString("name")).as("their change stays").isEqualTo("Audi AG");
        assertThat(db.getCollection("outbox").countDocuments()).isEqualTo(outbox);
    }

    @Test
    void revertOfADeletedDocumentIs409WhenItWasDeletedAtAnotherVersion() throws Exception {
        String id = create("brands", "{\"name\":\"Audi\"}");
        mvc.perform(delete("/api/catalog/brands/" + id).param("version", "1").header("Authorization", EDITOR))
                .andExpect(status().isNoContent());

        revert("brands", id, "{\"document\":{\"name\":\"Audi\"},\"expectedVersion\":1,\"targetVersion\":1}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.currentVersion").value(2));
        assertThat(db.getCollection("brands").find(new Document("_id", id)).first())
                .isNull();
    }

    @Test
    void revertToTheStateTheDocumentIsInWritesNothingAndSaysSo() throws Exception {
        String id = create("brands", "{\"name\":\"Audi\"}");
        Document before =
                db.getCollection("brands").find(new Document("_id", id)).first();
        long outbox = db.getCollection("outbox").countDocuments();

        revert(
                        "brands",
                        id,
                        "{\"document\":{\"_id\":\"" + id + "\",\"name\":\"Audi\",\"position\":" + before.get("position")
                                + ",\"version\":1}," + "\"expectedVersion\":1,\"targetVersion\":1}")
                .andExpect(status().isOk())
                .andExpect(header().string(NothingChanged.HEADER, NothingChanged.VALUE))
                .andExpect(jsonPath("$.version").value(1));

        assertThat(db.getCollection("brands").find(new Document("_id", id)).first())
                .isEqualTo(before);
        assertThat(db.getCollection("outbox").countDocuments()).isEqualTo(outbox);
    }

    @Test
    void revertToDeletedOfADocumentDeletedAtTheExpectedVersionWritesNothing() throws Exception {
        String id = create("brands", "{\"name\":\"Audi\"}");
        mvc.perform(delete("/api/catalog/brands/" + id).param("version", "1").header("Authorization", EDITOR))
                .andExpect(status().isNoContent());
        long outbox = db.getCollection("outbox").countDocuments();

        revert("brands", id, "{\"document\":null,\"expectedVersion\":2,\"targetVersion\":2}")
                .andExpect(status().isOk())
                .andExpect(header().string(NothingChanged.HEADER, NothingChanged.VALUE))
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.deleted").value(true));
        assertThat(db.getCollection("outbox").countDocuments()).isEqualTo(outbox);
    }

    @Test
    void revertAnswersTheDocumentExactlyAsTheCatalogReadsIt() throws Exception {
        String id = create("brands", "{\"name\":\"Audi\",\"country\":\"DE\"}");

        String answer = revert(
                        "brands",
                        id,
                        "{\"document\":{\"name\":\"Audi AG\",\"country\":\"DE\"},"
                                + "\"expectedVersion\":1,\"targetVersion\":1,\"reason\":\"undo\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Audi AG"))
                .andExpect(jsonPath("$.changedBy").value("erin"))
                .andExpect(jsonPath("$.action").value("rollback"))
                .andExpect(jsonPath("$.deleted").value(false))
                .andReturn()
                .getResponse()
                .getContentAsString();

        mvc.perform(get("/api/catalog/brands/" + id).header("Authorization", EDITOR))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .json(answer, org.springframework.test.json.JsonCompareMode.STRICT));
    }

    @Test
    void revertToBeforeTheDocumentExistedAnswersItsLastStateMarkedDeleted() throws Exception {
        String id = create("brands", "{\"name\":\"Audi\",\"country\":\"DE\"}");

        revert("brands", id, "{\"document\":null,\"expectedVersion\":1,\"targetVersion\":0}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.name").value("Audi"))
                .andExpect(jsonPath("$.action").value("rollback"))
                .andExpect(jsonPath("$.deleted").value(true));
        mvc.perform(get("/api/catalog/brands/" + id).header("Authorization", EDITOR))
                .andExpect(status().isNotFound());
    }
}
