package io.backstop.catalog.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;
import com.mongodb.client.MongoDatabase;

import io.backstop.catalog.TestMongo;
import io.backstop.outbox.OutboxFields;
import io.backstop.support.NothingChanged;
import io.backstop.support.test.TestTokens;

/**
 * The API against a real (in-memory) mongo-java-server, without Kafka (capture disabled: the outbox fills,
 * nothing relays). "Changes nothing" is checked in the database, outbox included.
 */
@SpringBootTest
@AutoConfigureMockMvc
class CatalogApiTest {

    private static final String EDITOR = TestTokens.bearer("erin", "editor");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", TestMongo::uri);
        registry.add("backstop.catalog.database", () -> "catalog_api");
        registry.add("backstop.security.gateway-secret", () -> TestTokens.SECRET);
        registry.add("backstop.capture.enabled", () -> "false");
        registry.add("spring.kafka.admin.auto-create", () -> "false");
        registry.add("backstop.http.max-body-bytes", () -> "16384");
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    MongoDatabase db;

    @BeforeEach
    @AfterEach
    void clean() {
        for (String c : new String[] {"brands", "models", "engines", "outbox", "tombstones", "maintenance"}) {
            db.getCollection(c).deleteMany(new Document());
        }
    }

    private MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, String token) {
        return request.header("Authorization", token).contentType(MediaType.APPLICATION_JSON);
    }

    private String create(String kind, String json) throws Exception {
        String body = mvc.perform(as(post("/api/catalog/" + kind), EDITOR).content(json))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JsonPath.read(body, "$.id");
    }

    private String brand() throws Exception {
        return create("brands", "{\"name\":\"Audi\",\"country\":\"DE\"}");
    }

    private String model(String brandId) throws Exception {
        return create("models", "{\"brandId\":\"" + brandId + "\",\"name\":\"A4\",\"yearFrom\":2015}");
    }

    private static String engineJson(String modelId, String name) {
        return "{\"modelId\":\"" + modelId + "\",\"name\":\"" + name + "\",\"fuel\":\"petrol\",\"powerHp\":190,"
                + "\"torqueNm\":320,\"displacementCc\":1984,"
                + "\"stages\":[{\"stage\":1,\"powerHp\":245,\"torqueNm\":400,\"priceEur\":399}]}";
    }

    private long outboxSize() {
        return db.getCollection(OutboxFields.OUTBOX).countDocuments();
    }

    @Test
    void createReturns201WithLocationIdAndVersionAndStoresWhoWhenWhy() throws Exception {
        String modelId = model(brand());

        String body = mvc.perform(as(post("/api/catalog/engines"), EDITOR)
                        .content(engineJson(modelId, "2.0 TFSI"))
                        .header("X-Change-Reason", "new engine line")
                        .header("X-Request-Id", "req-42"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", containsString("/api/catalog/engines/")))
                .andExpect(jsonPath("$.version").value(1))
                .andExpect(jsonPath("$.stages[0].priceEur").value(399))
                .andReturn()
                .getResponse()
                .getContentAsString();

        String id = JsonPath.read(body, "$.id");
        Document change = db.getCollection("engines")
                .find(new Document("_id", id))
                .first()
                .get("_change", Document.class);
        assertThat(change.getString("by")).isEqualTo("erin");
        assertThat(change.getString("action")).isEqualTo("create");
        assertThat(change.getString("reason")).isEqualTo("new engine line");
        assertThat(change.getString("requestId")).isEqualTo("req-42");
        assertThat(change.getDate("at")).isNotNull();
    }

    @Test
    void invalidEngineGetsOneMessagePerFieldAndChangesNothing() throws Exception {
        String modelId = model(brand());
        long outbox = outboxSize();

        mvc.perform(as(post("/api/catalog/engines"), EDITOR)
                        .content("{\"modelId\":\"" + modelId
                                + "\",\"name\":\"\",\"fuel\":\"steam\",\"powerHp\":-5,\"torqueNm\":320,"
                                + "\"stages\":[{\"stage\":1,\"powerHp\":0,\"torqueNm\":1,\"priceEur\":1}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", hasItem("name")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("fuel")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("powerHp")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("stages[0].powerHp")))
                .andExpect(jsonPath("$.errors[*].message", hasItem("must be one of petrol, diesel, hybrid, electric")));

        assertThat(db.getCollection("engines").countDocuments()).isZero();
        assertThat(outboxSize()).isEqualTo(outbox);
    }

    @Test
    void crossFieldRulesNameTheFieldToChange() throws Exception {
        String brandId = brand();

        mvc.perform(as(post("/api/catalog/models"), EDITOR)
                        .content("{\"brandId\":\"" + brandId + "\",\"name\":\"A4\",\"yearFrom\":2015,\"yearTo\":2010}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("yearTo"))
                .andExpect(jsonPath("$.errors[0].message").value("must not be before yearFrom (2015)"));
        String modelId = model(brandId);
        mvc.perform(as(post("/api/catalog/engines"), EDITOR)
                        .content(engineJson(modelId, "x").replace("\"stage\":1", "\"stage\":2")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("stages"));
        assertThat(db.getCollection("models").countDocuments()).isEqualTo(1);
        assertThat(db.getCollection("engines").countDocuments()).isZero();
    }

    @Test
    void livenessAndReadinessAreOpenAndUpOnTheEmbeddedServer() throws Exception {
        mvc.perform(get("/actuator/health/liveness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.mongo.status").value("UP"));
    }

    @Test
    void unknownFieldIsRefusedByName() throws Exception {
        String modelId = model(brand());

        mvc.perform(as(post("/api/catalog/engines"), EDITOR)
                        .content(engineJson(modelId, "x").replace("{\"modelId\"", "{\"turbo\":true,\"modelId\"")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("turbo"));
        assertThat(db.getCollection("engines").countDocuments()).isZero();
    }

    @Test
    void operatorAndDottedKeysAreRefusedEvenNested() throws Exception {
        String modelId = model(brand());

        mvc.perform(as(post("/api/catalog/engines"), EDITOR)
                        .content(engineJson(modelId, "x").replace("{\"modelId\"", "{\"$where\":\"1\",\"modelId\"")))
                .andExpect(status().isBadRequest());
        mvc.perform(as(post("/api/catalog/engines"), EDITOR)
                        .content(engineJson(modelId, "x").replace("\"stage\":1,", "\"stage\":1,\"a.b\":1,")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("stages[0].a.b"));
        assertThat(db.getCollection("engines").countDocuments()).isZero();
    }

    @Test
    void wrongTypeNamesTheField() throws Exception {
        String modelId = model(brand());

        mvc.perform(as(post("/api/catalog/engines"), EDITOR)
                        .content(engineJson(modelId, "x").replace("\"powerHp\":190", "\"powerHp\":\"lots\"")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("powerHp"));
    }

    @Test
    void missingParentIsABadRequestOnTheParentField() throws Exception {
        mvc.perform(as(post("/api/catalog/engines"), EDITOR).content(engineJson(new ObjectId().toHexString(), "x")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("modelId"));
        assertThat(outboxSize()).isZero();
    }

    @Test
    void unknownIdAndUnknownKindAre404() throws Exception {
        mvc.perform(as(get("/api/catalog/engines/" + new ObjectId().toHexString()), EDITOR))
                .andExpect(status().isNotFound());
        mvc.perform(as(get("/api/catalog/wheels"), EDITOR)).andExpect(status().isNotFound());
    }

    @Test
    void staleVersionIs409AndChangesNothing() throws Exception {
        String modelId = model(brand());
        String id = create("engines", engineJson(modelId, "2.0 TFSI"));
        String update = engineJson(modelId, "2.0 TFSI evo").replace("{\"modelId\"", "{\"version\":1,\"modelId\"");
        mvc.perform(as(put("/api/catalog/engines/" + id), EDITOR).content(update))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(2));
        long outbox = outboxSize();

        mvc.perform(as(put("/api/catalog/engines/" + id), EDITOR).content(update.replace("evo", "lost")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.currentVersion").value(2));

        Document doc = db.getCollection("engines").find(new Document("_id", id)).first();
        assertThat(doc.getString("name")).isEqualTo("2.0 TFSI evo");
        assertThat(outboxSize()).isEqualTo(outbox);
    }

    @Test
    void putWithoutVersionIsRefused() throws Exception {
        String modelId = model(brand());
        String id = create("engines", engineJson(modelId, "2.0 TFSI"));

        mvc.perform(as(put("/api/catalog/engines/" + id), EDITOR).content(engineJson(modelId, "x")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("version"));
    }

    @Test
    void deletingABrandWithModelsIs409UnlessCascadeWhichDeletesEachChildAsItsOwnChange() throws Exception {
        String brandId = brand();
        String modelId = model(brandId);
        create("engines", engineJson(modelId, "a"));
        create("engines", engineJson(modelId, "b"));
        long outbox = outboxSize();

        mvc.perform(as(delete("/api/catalog/brands/" + brandId).param("version", "1"), EDITOR))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail", containsString("cascade=true")));
        assertThat(outboxSize()).isEqualTo(outbox);

        mvc.perform(as(
                        delete("/api/catalog/brands/" + brandId)
                                .param("version", "1")
                                .param("cascade", "true"),
                        EDITOR))
                .andExpect(status().isNoContent());

        assertThat(db.getCollection("brands").countDocuments()).isZero();
        assertThat(db.getCollection("models").countDocuments()).isZero();
        assertThat(db.getCollection("engines").countDocuments()).isZero();
        assertThat(outboxSize()).isEqualTo(outbox + 4);
    }

    @Test
    void staleDeleteRemovesNothingEvenWithCascade() throws Exception {
        String brandId = brand();
        model(brandId);

        mvc.perform(as(
                        delete("/api/catalog/brands/" + brandId)
                                .param("version", "7")
                                .param("cascade", "true"),
                        EDITOR))
                .andExpect(status().isConflict());
        assertThat(db.getCollection("models").countDocuments()).isEqualTo(1);
    }

    @Test
    void moveTakesAnEngineToAnotherModelAndPosition() throws Exception {
        String brandId = brand();
        String from = model(brandId);
        String to = model(brandId);
        String id = create("engines", engineJson(from, "a"));

        mvc.perform(as(post("/api/catalog/engines/" + id + "/move"), EDITOR)
                        .content("{\"parentId\":\"" + to + "\",\"position\":3,\"version\":1}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.modelId").value(to))
                .andExpect(jsonPath("$.position").value(3))
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.action").value("move"));
    }

    @Test
    void putWithIdenticalContentWritesNothingAndSaysSo() throws Exception {
        String modelId = model(brand());
        String id = create("engines", engineJson(modelId, "2.0 TFSI"));
        Document before =
                db.getCollection("engines").find(new Document("_id", id)).first();
        long outbox = outboxSize();

        mvc.perform(as(put("/api/catalog/engines/" + id), EDITOR)
                        .content(engineJson(modelId, "2.0 TFSI").replace("{\"modelId\"", "{\"version\":1,\"modelId\"")))
                .andExpect(status().isOk())
                .andExpect(header().string(NothingChanged.HEADER, NothingChanged.VALUE))
                .andExpect(jsonPath("$.version").value(1))
                .andExpect(jsonPath("$.name").value("2.0 TFSI"));

        assertThat(db.getCollection("engines").find(new Document("_id", id)).first())
                .as("not even re-stamped")
                .isEqualTo(before);
        assertThat(outboxSize()).as("no change event, so no audit entry").isEqualTo(outbox);

        mvc.perform(as(put("/api/catalog/engines/" + id), EDITOR)
                        .content(engineJson(modelId, "2.0 TFSI evo")
                                .replace("{\"modelId\"", "{\"version\":1,\"modelId\"")))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist(NothingChanged.HEADER))
                .andExpect(jsonPath("$.version").value(2));
    }

    @Test
    void moveToWhereTheItemAlreadyIsWritesNothingAndSaysSo() throws Exception {
        String modelId = model(brand());
        String id = create("engines", engineJson(modelId, "a"));
        long outbox = outboxSize();

        mvc.perform(as(post("/api/catalog/engines/" + id + "/move"), EDITOR)
                        .content("{\"parentId\":\"" + modelId + "\",\"position\":0,\"version\":1}"))
                .andExpect(status().isOk())
                .andExpect(header().string(NothingChanged.HEADER, NothingChanged.VALUE))
                .andExpect(jsonPath("$.version").value(1));
        assertThat(outboxSize()).isEqualTo(outbox);
    }

    @Test
    void putThatChangesTheParentIsRecordedAsAMoveAndGoesLastAmongItsNewSiblings() throws Exception {
        String brandId = brand();
        String from = model(brandId);
        String to = model(brandId);
        String id = create("engines", engineJson(from, "a"));
        create("engines", engineJson(to, "b"));
        create("engines", engineJson(to, "c"));

        mvc.perform(as(put("/api/catalog/engines/" + id), EDITOR)
                        .content(engineJson(to, "a").replace("{\"modelId\"", "{\"version\":1,\"modelId\"")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.modelId").value(to))
                .andExpect(jsonPath("$.position").value(2))
                .andExpect(jsonPath("$.action").value("move"));
        Document entry = db.getCollection(OutboxFields.OUTBOX)
                .find(new Document("documentId", id).append("op", "u"))
                .first();
        assertThat(entry.get("after", Document.class)
                        .get("_change", Document.class)
                        .getString("action"))
                .as("what the change event, and so the audit entry, records")
                .isEqualTo("move");

        // the same PUT without a new parent is an update and keeps the position
        mvc.perform(as(put("/api/catalog/models/" + to), EDITOR)
                        .content("{\"version\":1,\"brandId\":\"" + brandId
                                + "\",\"name\":\"A4 Avant\",\"yearFrom\":2015}"))
                .andExpect(jsonPath("$.action").value("update"))
                .andExpect(jsonPath("$.position").value(1));
    }

    @Test
    void listFiltersByParentAndSearchesNames() throws Exception {
        String brandId = brand();
        String m1 = model(brandId);
        String m2 = model(brandId);
        create("engines", engineJson(m1, "2.0 TFSI"));
        create("engines", engineJson(m1, "3.0 TDI"));
        create("engines", engineJson(m2, "2.0 TDI"));

        mvc.perform(as(get("/api/catalog/engines").param("parentId", m1).param("limit", "1"), EDITOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].name").value("2.0 TFSI"));
        mvc.perform(as(get("/api/catalog/engines").param("q", "tdi"), EDITOR))
                .andExpect(jsonPath("$.total").value(2));
        mvc.perform(as(get("/api/catalog/engines").param("q", ".*"), EDITOR))
                .andExpect(jsonPath("$.total").value(0));
    }

    /** Follows {@code next} from the first page to the last; returns the ids in the order served. */
    private java.util.List<String> allPages(String kind, String limit, String... filter) throws Exception {
        java.util.List<String> ids = new java.util.ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 50; pages++) {
            var request = get("/api/catalog/" + kind).param("limit", limit);
            for (int i = 0; i < filter.length; i += 2) {
                request.param(filter[i], filter[i + 1]);
            }
            if (cursor != null) {
                request.param("cursor", cursor);
            }
            String body = mvc.perform(as(request, EDITOR))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            java.util.List<String> page = JsonPath.read(body, "$.items[*].id");
            assertThat(page.size()).isLessThanOrEqualTo(Integer.parseInt(limit));
            ids.addAll(page);
            cursor = JsonPath.read(body, "$.next");
            if (cursor == null) {
                return ids;
            }
            assertThat(page).as("a page with a next is full").hasSize(Integer.parseInt(limit));
        }
        throw new AssertionError("next never became null");
    }

    @Test
    void followingNextReadsEveryItemOnceInTheListsOrderAndEndsWithNullNext() throws Exception {
        for (String name : new String[] {"Opel", "Audi", "Skoda", "BMW", "Seat", "Mini", "Dacia"}) {
            create("brands", "{\"name\":\"" + name + "\",\"position\":" + (name.length() % 3) + "}");
        }
        String whole = mvc.perform(as(get("/api/catalog/brands").param("limit", "500"), EDITOR))
                .andExpect(jsonPath("$.next").isEmpty())
                .andExpect(jsonPath("$.total").value(7))
                .andReturn()
                .getResponse()
                .getContentAsString();
        java.util.List<String> expected = JsonPath.read(whole, "$.items[*].id");
        java.util.List<String> names = JsonPath.read(whole, "$.items[*].name");
        assertThat(names)
                .as("position, then name")
                .containsExactly("BMW", "Audi", "Mini", "Opel", "Seat", "Dacia", "Skoda");

        assertThat(allPages("brands", "3")).containsExactlyElementsOf(expected);
        assertThat(allPages("brands", "7")).containsExactlyElementsOf(expected);
        mvc.perform(as(get("/api/catalog/brands").param("limit", "3"), EDITOR))
                .andExpect(jsonPath("$.total").value(7))
                .andExpect(jsonPath("$.next").isString());
    }

    @Test
    void searchAndParentFilterHoldOnEveryPage() throws Exception {
        String brandId = brand();
        String m1 = model(brandId);
        String m2 = model(brandId);
        for (int i = 0; i < 5; i++) {
            create("engines", engineJson(m1, i + ".0 TDI"));
            create("engines", engineJson(m1, i + ".0 TFSI"));
            create("engines", engineJson(m2, i + ".5 TDI"));
        }

        java.util.List<String> ids = allPages("engines", "2", "parentId", m1, "q", "tdi");

        assertThat(ids).hasSize(5).doesNotHaveDuplicates();
        for (String id : ids) {
            mvc.perform(as(get("/api/catalog/engines/" + id), EDITOR))
                    .andExpect(jsonPath("$.modelId").value(m1))
                    .andExpect(jsonPath("$.name").value(containsString("TDI")));
        }
    }

    @Test
    void limitOutsideOneTo500IsRefusedByName() throws Exception {
        for (String limit : new String[] {"0", "-1", "501"}) {
            mvc.perform(as(get("/api/catalog/brands").param("limit", limit), EDITOR))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("limit"))
                    .andExpect(jsonPath("$.detail").value(containsString("between 1 and 500")));
        }
    }

    @Test
    void aCursorOfAnotherListOrNoCursorAtAllIsRefused() throws Exception {
        String brandId = brand();
        model(brandId);
        model(brandId);
        String brandsNext = JsonPath.read(
                mvc.perform(as(get("/api/catalog/models").param("limit", "1"), EDITOR))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.next");
        String searchNext = JsonPath.read(
                mvc.perform(as(get("/api/catalog/models").param("limit", "1").param("q", "a"), EDITOR))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.next");

        mvc.perform(as(get("/api/catalog/brands").param("cursor", brandsNext), EDITOR))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("cursor"));
        mvc.perform(as(get("/api/catalog/models").param("cursor", searchNext), EDITOR))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("cursor"));
        mvc.perform(as(get("/api/catalog/models").param("cursor", "not-a-cursor!"), EDITOR))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("cursor"));
        mvc.perform(as(
                        get("/api/catalog/models")
                                .param("cursor", io.backstop.support.Paging.cursor("models", "", "", "-4")),
                        EDITOR))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("cursor"));
    }

    @Test
    void theOldPageAndSizeParametersAreRefusedNamingLimitAndCursor() throws Exception {
        mvc.perform(as(get("/api/catalog/brands").param("page", "1").param("size", "20"), EDITOR))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("limit, cursor")));
    }

    @Test
    void aDocumentSaysWhoCreatedItAndWhoMadeItsCurrentVersion() throws Exception {
        String id = brand();
        String created = mvc.perform(as(get("/api/catalog/brands/" + id), EDITOR))
                .andReturn()
                .getResponse()
                .getContentAsString();

        mvc.perform(as(put("/api/catalog/brands/" + id), TestTokens.bearer("olga", "editor"))
                        .content("{\"name\":\"Audi AG\",\"version\":1}")
                        .header("X-Change-Reason", "legal name"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.name").value("Audi AG"))
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.createdBy").value("erin"))
                .andExpect(jsonPath("$.createdAt").value((String) JsonPath.read(created, "$.createdAt")))
                .andExpect(jsonPath("$.changedBy").value("olga"))
                .andExpect(jsonPath("$.changedAt").isString())
                .andExpect(jsonPath("$.action").value("update"))
                .andExpect(jsonPath("$.reason").value("legal name"))
                .andExpect(jsonPath("$.deleted").value(false))
                .andExpect(jsonPath("$.lastChange").doesNotExist())
                .andExpect(jsonPath("$._created").doesNotExist());
        assertThat((String) JsonPath.read(created, "$.changedBy")).isEqualTo("erin");
    }

    @Test
    void bodyOverTheLimitIs413AndChangesNothing() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(20_000) + "\"}";

        mvc.perform(as(post("/api/catalog/brands"), EDITOR).content(big)).andExpect(status().isPayloadTooLarge());
        assertThat(db.getCollection("brands").countDocuments()).isZero();
    }

    @Test
    void writesDuringTheWriteFreezeAre423AndChangeNothing() throws Exception {
        String brandId = brand();
        db.getCollection("maintenance")
                .insertOne(new Document("_id", "write-freeze")
                        .append("operationId", "op-7")
                        .append("kind", "restore")
                        .append("expiresAt", Date.from(Instant.now().plusSeconds(60))));
        long outbox = outboxSize();

        mvc.perform(as(post("/api/catalog/brands"), EDITOR).content("{\"name\":\"BMW\"}"))
                .andExpect(status().isLocked());
        mvc.perform(as(delete("/api/catalog/brands/" + brandId).param("version", "1"), EDITOR))
                .andExpect(status().isLocked());
        mvc.perform(as(get("/api/catalog/brands/" + brandId), EDITOR)).andExpect(status().isOk());
        assertThat(db.getCollection("brands").countDocuments()).isEqualTo(1);
        assertThat(outboxSize()).isEqualTo(outbox);
    }

    @Test
    void viewerCannotWriteAndAnonymousIsUnauthorized() throws Exception {
        mvc.perform(as(post("/api/catalog/brands"), TestTokens.bearer("val", "viewer"))
                        .content("{\"name\":\"BMW\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/catalog/brands")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"BMW\"}"))
                .andExpect(status().isUnauthorized());
        mvc.perform(as(get("/api/catalog/brands"), TestTokens.bearer("val", "viewer")))
                .andExpect(status().isOk());
        assertThat(db.getCollection("brands").countDocuments()).isZero();
    }

    @Test
    void reasonLongerThan500IsRefused() throws Exception {
        mvc.perform(as(post("/api/catalog/brands"), EDITOR)
                        .content("{\"name\":\"BMW\"}")
                        .header("X-Change-Reason", "r".repeat(501)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("X-Change-Reason"));
        assertThat(db.getCollection("brands").countDocuments()).isZero();
    }

    @Test
    void reasonInTheRfc8187FormIsStoredExactly() throws Exception {
        String body = mvc.perform(as(post("/api/catalog/brands"), EDITOR)
                        .content("{\"name\":\"BMW\"}")
                        .header("X-Change-Reason*", "UTF-8''Pr%C3%BCfstand%20%E2%9C%93"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();

        Document change = db.getCollection("brands")
                .find(new Document("_id", JsonPath.read(body, "$.id")))
                .first()
                .get("_change", Document.class);
        assertThat(change.getString("reason")).isEqualTo("Prüfstand ✓");
    }

    @Test
    void malformedReasonIsRefusedByNameAndChangesNothing() throws Exception {
        mvc.perform(as(post("/api/catalog/brands"), EDITOR)
                        .content("{\"name\":\"BMW\"}")
                        .header("X-Change-Reason*", "Pr%C3%BCfstand"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("X-Change-Reason*")));
        assertThat(db.getCollection("brands").countDocuments()).isZero();
        assertThat(outboxSize()).isZero();
    }

    @Test
    void unknownQueryParameterIsRefusedByNameWithTheAcceptedOnes() throws Exception {
        mvc.perform(as(get("/api/catalog/engines").param("parent", "m1"), EDITOR))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail")
                        .value("Unknown query parameter 'parent'; remove it"
                                + " (this endpoint accepts parentId, q, limit, cursor)."))
                .andExpect(jsonPath("$.errors[0].field").value("parent"));
    }

    @Test
    void deleteWithAMisspeltParameterIsRefusedAndDeletesNothing() throws Exception {
        String brandId = brand();
        mvc.perform(as(
                        delete("/api/catalog/brands/" + brandId)
                                .param("version", "1")
                                .param("cascde", "true"),
                        EDITOR))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("cascde"));
        assertThat(db.getCollection("brands").countDocuments()).isEqualTo(1);
    }

    @Test
    void documentWrittenDirectlyToTheDatabaseCanBeReadAndUpdated() throws Exception {
        ObjectId oid = new ObjectId();
        db.getCollection("brands")
                .insertOne(
                        new Document("_id", oid).append("name", "Shell Motors").append("hq", "Oslo"));

        mvc.perform(as(get("/api/catalog/brands/" + oid.toHexString()), EDITOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(0))
                .andExpect(jsonPath("$.hq").value("Oslo"));
        mvc.perform(as(get("/api/catalog/brands"), EDITOR))
                .andExpect(jsonPath("$.total").value(1));
        mvc.perform(as(put("/api/catalog/brands/" + oid.toHexString()), EDITOR)
                        .content("{\"name\":\"Shell\",\"version\":0}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(1));
    }

    @Test
    void anyRoleReadsTheFormSchemaBuiltFromTheBodyRecords() throws Exception {
        mvc.perform(as(get("/api/catalog/schema"), TestTokens.bearer("val", "viewer")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kinds.brands.parentField").doesNotExist())
                .andExpect(jsonPath("$.kinds.models.parentField").value("brandId"))
                .andExpect(jsonPath("$.kinds.engines.fields[1].name").value("fuel"))
                .andExpect(jsonPath("$.kinds.engines.fields[1].options[3]").value("electric"))
                .andExpect(jsonPath("$.kinds.engines.fields[?(@.name=='stages')].items[0].name")
                        .value(hasItem("stage")))
                .andExpect(jsonPath("$.notBusiness").value(hasItem("changedBy")));
        mvc.perform(get("/api/catalog/schema")).andExpect(status().isUnauthorized());
    }
}
