package io.backstop.audit.query;

import static io.backstop.audit.support.CaptureRecords.doc;
import static io.backstop.audit.support.CaptureRecords.event;
import static io.backstop.audit.support.CaptureRecords.stages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import com.jayway.jsonpath.JsonPath;

import io.backstop.audit.store.AuditStore;
import io.backstop.audit.support.CaptureRecords;
import io.backstop.audit.support.CaptureRecords.Rec;
import io.backstop.audit.support.Infra;
import io.backstop.audit.support.StubCatalog;
import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;
import io.backstop.infra.EmbeddedMongo;
import io.backstop.infra.KafkaBroker;
import io.backstop.support.NothingChanged;
import io.backstop.support.test.TestTokens;

/**
 * The audit API, the export, the internal feed, rollback and the dead-letter path, on the running service:
 * real broker, real (embedded) MongoDB, catalog-service stubbed on a real socket.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class AuditApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long T = 1_764_300_000_000L;
    private static final String VIEWER = TestTokens.bearer("vera", "viewer");
    private static final String EDITOR = TestTokens.bearer("ed", "editor");

    private static EmbeddedMongo mongo;
    private static StubCatalog catalog;
    private static final String ENGINE = new ObjectId().toHexString();
    private static long seededAt;

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditStore store;

    @BeforeAll
    static void seed() {
        seededAt = System.currentTimeMillis();
        Infra.produce(KafkaBroker.shared().bootstrapServers(), history());
    }

    @AfterAll
    static void stop() {
        catalog.close();
        mongo.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        mongo = EmbeddedMongo.inMemory();
        catalog = new StubCatalog();
        registry.add("spring.mongodb.uri", mongo::connectionString);
        registry.add(
                "spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("spring.kafka.consumer.group-id", () -> "api-it-" + UUID.randomUUID());
        registry.add("backstop.security.gateway-secret", () -> TestTokens.SECRET);
        registry.add("backstop.audit.catalog-url", catalog::url);
        registry.add("backstop.audit.retry-backoff", () -> "100ms");
        registry.add("backstop.audit.retry-attempts", () -> "2");
        registry.add("server.port", () -> "0");
    }

    @BeforeEach
    void materialized() {
        Infra.await(
                TIMEOUT,
                "the seeded history",
                () -> store.history("engines", ENGINE).size() == 5);
        catalog.reset();
    }

    /** v1 create, v2 a nested stage value, v3 a name (a formula), v4 a move, v5 delete: one second apart. */
    private static List<Rec> history() {
        Document v1 =
                doc(ENGINE, 1, "a1", "create", "ann", T, "name", "V8", "modelId", "M1", "stages", stages(100, 200));
        Document v2 = doc(
                ENGINE, 2, "a2", "update", "bob", T + 1000, "name", "V8", "modelId", "M1", "stages", stages(100, 250));
        Document v3 = doc(
                ENGINE,
                3,
                "a3",
                "update",
                "bob",
                T + 2000,
                "name",
                "=HYPERLINK(\"http://x\")",
                "modelId",
                "M1",
                "stages",
                stages(100, 250));
        Document v4 = doc(
                ENGINE,
                4,
                "a4",
                "move",
                "ann",
                T + 3000,
                "name",
                "=HYPERLINK(\"http://x\")",
                "modelId",
                "M2",
                "stages",
                stages(100, 250));
        Document marker = doc(
                ENGINE,
                5,
                "a5",
                "delete",
                "carl",
                T + 4000,
                "name",
                "=HYPERLINK(\"http://x\")",
                "modelId",
                "M2",
                "stages",
                stages(100, 250));
        return List.of(
                event("engines", ChangeEvent.CREATE, null, v1, T, 1),
                event("engines", ChangeEvent.UPDATE, v1, v2, T + 1000, 2),
                event("engines", ChangeEvent.UPDATE, v2, v3, T + 2000, 3),
                event("engines", ChangeEvent.UPDATE, v3, v4, T + 3000, 4),
                event("engines", ChangeEvent.DELETE, marker, null, T + 4000, 5),
                CaptureRecords.tombstone("engines", ENGINE));
    }

    @Test
    void listsADocumentsEntriesNewestFirst() throws Exception {
        mvc.perform(get("/api/audit").param("documentId", ENGINE).header("Authorization", VIEWER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(5))
                .andExpect(jsonPath("$.items[*].version").value(org.hamcrest.Matchers.contains(5, 4, 3, 2, 1)))
                .andExpect(jsonPath("$.items[*].action")
                        .value(org.hamcrest.Matchers.contains("delete", "move", "update", "update", "create")))
                .andExpect(jsonPath("$.items[3].changes[0].path").value("stages[1].powerHp"))
                .andExpect(jsonPath("$.items[3].changes[0].from").value(200))
                .andExpect(jsonPath("$.items[3].changes[0].to").value(250))
                .andExpect(jsonPath("$.items[3].changedAt")
                        .value(Instant.ofEpochMilli(T + 1000).toString()))
                .andExpect(jsonPath("$.next").value(nullValue()));
    }

    @Test
    void fieldFilterMatchesNestedPaths() throws Exception {
        mvc.perform(get("/api/audit")
                        .param("documentId", ENGINE)
                        .param("field", "powerHp")
                        .header("Authorization", VIEWER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].version").value(org.hamcrest.Matchers.contains(2)));
        mvc.perform(get("/api/audit")
                        .param("documentId", ENGINE)
                        .param("field", "stages[0].powerHp")
                        .header("Authorization", VIEWER))
                .andExpect(jsonPath("$.items[*].version").value(org.hamcrest.Matchers.contains(2)));
        mvc.perform(get("/api/audit")
                        .param("documentId", ENGINE)
                        .param("field", "modelId")
                        .param("action", "move")
                        .header("Authorization", VIEWER))
                .andExpect(jsonPath("$.items[*].version").value(org.hamcrest.Matchers.contains(4)));
    }

    @Test
    void filtersByUserAndTimeRange() throws Exception {
        mvc.perform(get("/api/audit")
                        .param("documentId", ENGINE)
                        .param("changedBy", "bob")
                        .param("from", Instant.ofEpochMilli(T + 1500).toString())
                        .param("to", Instant.ofEpochMilli(T + 9000).toString())
                        .header("Authorization", VIEWER))
                .andExpect(jsonPath("$.items[*].version").value(org.hamcrest.Matchers.contains(3)));
    }

    @Test
    void cursorPagesThroughEveryEntryOnce() throws Exception {
        List<Integer> versions = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var req = get("/api/audit")
                    .param("documentId", ENGINE)
                    .param("limit", "2")
                    .header("Authorization", VIEWER);
            if (cursor != null) {
                req.param("cursor", cursor);
            }
            Map<?, ?> page = Json.MAPPER.readValue(
                    mvc.perform(req)
                            .andExpect(status().isOk())
                            .andReturn()
                            .getResponse()
                            .getContentAsByteArray(),
                    Map.class);
            ((List<?>) page.get("items"))
                    .forEach(i -> versions.add(((Number) ((Map<?, ?>) i).get("version")).intValue()));
            cursor = (String) page.get("next");
            pages++;
        } while (cursor != null);
        assertThat(versions).containsExactly(5, 4, 3, 2, 1);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void badFiltersAreRejectedWithAReason() throws Exception {
        expectBadRequest("action", "explode", "unknown action");
        expectBadRequest("collection", "users", "unknown collection");
        expectBadRequest("from", "yesterday", "ISO-8601");
        expectBadRequest("limit", "501", "'limit' must be between 1 and 500");
        expectBadRequest("limit", "0", "'limit' must be between 1 and 500");
        expectBadRequest("limit", "ten", "Parameter 'limit'");
        expectBadRequest("cursor", "not-a-cursor", "'cursor'");
        expectBadRequest(
                "size",
                "2",
                "this endpoint accepts collection, documentId, action, changedBy, field, from," + " to, limit, cursor");
    }

    /** Follows {@code next} through one document's history; the versions in the order served. */
    private List<Integer> historyPages(String limit) throws Exception {
        List<Integer> versions = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 20; pages++) {
            var req =
                    get("/api/audit/engines/{id}", ENGINE).param("limit", limit).header("Authorization", VIEWER);
            if (cursor != null) {
                req.param("cursor", cursor);
            }
            Map<?, ?> page = Json.MAPPER.readValue(
                    mvc.perform(req)
                            .andExpect(status().isOk())
                            .andReturn()
                            .getResponse()
                            .getContentAsByteArray(),
                    Map.class);
            List<?> items = (List<?>) page.get("items");
            assertThat(items.size()).isLessThanOrEqualTo(Integer.parseInt(limit));
            items.forEach(i -> versions.add(((Number) ((Map<?, ?>) i).get("version")).intValue()));
            cursor = (String) page.get("next");
            if (cursor == null) {
                return versions;
            }
        }
        throw new AssertionError("next never became null");
    }

    @Test
    void aDocumentsHistoryPagesOldestFirstToANullNext() throws Exception {
        assertThat(historyPages("2")).containsExactly(1, 2, 3, 4, 5);
        assertThat(historyPages("5")).containsExactly(1, 2, 3, 4, 5);
        assertThat(historyPages("500")).containsExactly(1, 2, 3, 4, 5);
        mvc.perform(get("/api/audit/engines/{id}", ENGINE).param("limit", "501").header("Authorization", VIEWER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("limit"));
    }

    @Test
    void aCursorOfAnotherListOrDocumentIsRefused() throws Exception {
        String historyNext = JsonPath.read(
                mvc.perform(get("/api/audit/engines/{id}", ENGINE)
                                .param("limit", "1")
                                .header("Authorization", VIEWER))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.next");
        String entriesNext = JsonPath.read(
                mvc.perform(get("/api/audit")
                                .param("documentId", ENGINE)
                                .param("limit", "1")
                                .header("Authorization", VIEWER))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.next");

        mvc.perform(get("/api/audit").param("cursor", historyNext).header("Authorization", VIEWER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("cursor"));
        mvc.perform(get("/api/audit/engines/{id}", ENGINE)
                        .param("cursor", entriesNext)
                        .header("Authorization", VIEWER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("cursor"));
        mvc.perform(get("/api/audit/engines/{id}", "another-engine")
                        .param("cursor", historyNext)
                        .header("Authorization", VIEWER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("cursor"));
    }

    @Test
    void anUnknownFilterIsRefusedInsteadOfIgnored() throws Exception {
        expectBadRequest(
                "user",
                "nobody",
                "Unknown query parameter 'user'; remove it (this endpoint accepts collection,"
                        + " documentId, action, changedBy, field, from, to, limit, cursor).");
        mvc.perform(get("/api/audit/export.csv").param("user", "nobody").header("Authorization", VIEWER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("user"));
    }

    private void expectBadRequest(String param, String value, String message) throws Exception {
        mvc.perform(get("/api/audit").param(param, value).header("Authorization", VIEWER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString(message)));
    }

    @Test
    void probesAreOpen() throws Exception {
        mvc.perform(get("/actuator/health/liveness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void readingNeedsAGatewayToken() throws Exception {
        mvc.perform(get("/api/audit")).andExpect(status().isUnauthorized());
    }

    @Test
    void historyVersionAndDiff() throws Exception {
        mvc.perform(get("/api/audit/engines/{id}", ENGINE).header("Authorization", VIEWER))
                .andExpect(jsonPath("$.items[*].version").value(org.hamcrest.Matchers.contains(1, 2, 3, 4, 5)));
        mvc.perform(get("/api/audit/engines/{id}/versions/4", ENGINE).header("Authorization", VIEWER))
                .andExpect(jsonPath("$.action").value("move"))
                .andExpect(jsonPath("$.after.modelId").value("M2"))
                .andExpect(jsonPath("$.changedBy").value("ann"));
        mvc.perform(get("/api/audit/engines/{id}/versions/9", ENGINE).header("Authorization", VIEWER))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/audit/engines/{id}/diff", ENGINE)
                        .param("from", "1")
                        .param("to", "4")
                        .header("Authorization", VIEWER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.changes[*].path")
                        .value(org.hamcrest.Matchers.containsInAnyOrder("name", "modelId", "stages[1].powerHp")));
        mvc.perform(get("/api/audit/engines/{id}/diff", ENGINE)
                        .param("from", "zero")
                        .param("to", "4")
                        .header("Authorization", VIEWER))
                .andExpect(status().isBadRequest());
    }

    @Test
    void asOfShowsTheDocumentAtAnInstantAndNothingWhereItDidNotExist() throws Exception {
        mvc.perform(get("/api/audit/engines/{id}/as-of", ENGINE)
                        .param("at", Instant.ofEpochMilli(T + 1500).toString())
                        .header("Authorization", VIEWER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.document.stages[1].powerHp").value(250));
        mvc.perform(get("/api/audit/engines/{id}/as-of", ENGINE)
                        .param("at", Instant.ofEpochMilli(T - 1).toString())
                        .header("Authorization", VIEWER))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/audit/engines/{id}/as-of", ENGINE)
                        .param("at", Instant.ofEpochMilli(T + 5000).toString())
                        .header("Authorization", VIEWER))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/audit/engines/{id}/as-of", ENGINE)
                        .param("at", "noon")
                        .header("Authorization", VIEWER))
                .andExpect(status().isBadRequest());
    }

    @Test
    void exportIsSpreadsheetSafeCsv() throws Exception {
        MvcResult started = mvc.perform(
                        get("/api/audit/export.csv").param("documentId", ENGINE).header("Authorization", VIEWER))
                .andExpect(request().asyncStarted())
                .andReturn();
        MvcResult done =
                mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andReturn();
        assertThat(done.getResponse().getContentType()).startsWith("text/csv");
        byte[] bytes = done.getResponse().getContentAsByteArray();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String csv = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        String[] lines = csv.split("\r\n", -1);
        assertThat(lines[0]).isEqualTo(String.join(",", CsvExport.HEADER));
        assertThat(csv.replace("\r\n", "")).doesNotContain("\n");
        // the formula a user typed is defused and quoted, never run
        assertThat(csv).contains("\"'=HYPERLINK(\"\"http://x\"\")\"").doesNotContain(",=HYPERLINK");
        assertThat(csv).contains(",stages[1].powerHp,changed,200,250");
    }

    @Test
    void exportRejectsBadFiltersBeforeStreaming() throws Exception {
        mvc.perform(get("/api/audit/export.csv").param("to", "soon").header("Authorization", VIEWER))
                .andExpect(status().isBadRequest());
    }

    @Test
    void internalFeedListsChangesOldestFirstAsExtendedJson() throws Exception {
        mvc.perform(get("/internal/audit/changes")
                        .param("after", Instant.ofEpochMilli(T + 500).toString())
                        .param("until", Instant.ofEpochMilli(T + 3000).toString())
                        .header("Authorization", TestTokens.bearer("system:backup-service", "admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.documentId == '" + ENGINE + "')].version")
                        .value(org.hamcrest.Matchers.contains(2, 3, 4)))
                .andExpect(jsonPath("$.items[?(@.documentId == '" + ENGINE + "' && @.version == 2)].after")
                        .value(org.hamcrest.Matchers.contains(containsString("\"$date\": {\"$numberLong\""))));
    }

    @Test
    void internalFeedPagesWithLimitAndCursor() throws Exception {
        String token = TestTokens.bearer("system:backup-service", "admin");
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            var req = get("/internal/audit/changes")
                    .param("after", Instant.ofEpochMilli(T - 1).toString())
                    .param("limit", "2")
                    .header("Authorization", token);
            if (cursor != null) {
                req.param("cursor", cursor);
            }
            String body = mvc.perform(req)
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            List<String> page = JsonPath.read(body, "$.items[*].id");
            assertThat(page.size()).isLessThanOrEqualTo(2);
            ids.addAll(page);
            cursor = JsonPath.read(body, "$.next");
        } while (cursor != null);
        String all = mvc.perform(get("/internal/audit/changes")
                        .param("after", Instant.ofEpochMilli(T - 1).toString())
                        .header("Authorization", token))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(ids).doesNotHaveDuplicates().containsExactlyElementsOf(JsonPath.read(all, "$.items[*].id"));
    }

    @Test
    void viewerCannotRollBack() throws Exception {
        mvc.perform(post("/api/audit/engines/{id}/rollback", ENGINE)
                        .header("Authorization", VIEWER)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":1,\"expectedVersion\":5,\"reason\":\"oops\"}"))
                .andExpect(status().isForbidden());
        assertThat(catalog.received()).isEmpty();
    }

    @Test
    void rollbackOfADeletedDocumentAsksCatalogToRecreateItWithTheCallersIdentity() throws Exception {
        String answer = "{\"id\":\"" + ENGINE + "\",\"modelId\":\"M1\",\"name\":\"V8\",\"stages\":[{\"stage\":1}],"
                + "\"version\":6,\"createdAt\":\"2026-11-20T09:00:00Z\",\"createdBy\":\"ann\","
                + "\"changedAt\":\"2026-12-02T08:30:00Z\",\"changedBy\":\"erin\",\"action\":\"rollback\","
                + "\"reason\":\"undo the day\",\"deleted\":false}";
        catalog.answer("POST", "/internal/catalog/engines/" + ENGINE + "/revert", 200, answer);
        mvc.perform(post("/api/audit/engines/{id}/rollback", ENGINE)
                        .header("Authorization", EDITOR)
                        .header("X-Request-Id", "req-77")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":1,\"expectedVersion\":5,\"reason\":\"undo the day\"}"))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist(NothingChanged.HEADER))
                .andExpect(content().json(answer, JsonCompareMode.STRICT));
        assertThat(catalog.received())
                .as("no read of the current version first: the write checks it")
                .hasSize(1);
        StubCatalog.Received revert = catalog.received().get(0);
        assertThat(revert.method()).isEqualTo("POST");
        assertThat(revert.authorization()).isEqualTo(EDITOR);
        assertThat(revert.requestId()).isEqualTo("req-77");
        Map<String, Object> body = readMap(revert.body());
        assertThat(body.keySet()).containsExactlyInAnyOrder("document", "expectedVersion", "targetVersion", "reason");
        assertThat(body.get("expectedVersion")).isEqualTo(5);
        assertThat(body.get("targetVersion")).isEqualTo(1);
        assertThat(body.get("reason")).isEqualTo("undo the day");
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) body.get("document");
        assertThat(document.keySet()).containsExactlyInAnyOrder("name", "modelId", "stages");
        assertThat(document.get("name")).isEqualTo("V8");
        assertThat(document.get("modelId")).isEqualTo("M1");
    }

    @Test
    void rollbackSendsTheCallersExpectedVersionAndPassesOtherConflictsOn() throws Exception {
        catalog.answer(
                "POST",
                "/internal/catalog/engines/" + ENGINE + "/revert",
                409,
                "{\"status\":409,\"detail\":\"model M1 no longer exists: restore it first\"}");
        mvc.perform(post("/api/audit/engines/{id}/rollback", ENGINE)
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":2,\"expectedVersion\":7}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("model M1 no longer exists")));
        Map<String, Object> body = readMap(catalog.received().get(0).body());
        assertThat(body.get("expectedVersion")).isEqualTo(7);
        assertThat(body.get("targetVersion")).isEqualTo(2);
    }

    @Test
    void rollbackWithoutExpectedVersionIs400NamingTheFieldAndCallsNothing() throws Exception {
        mvc.perform(post("/api/audit/engines/{id}/rollback", ENGINE)
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":2}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("expectedVersion"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("previewed")));
        assertThat(catalog.received()).isEmpty();
    }

    @Test
    void rollbackPreviewedAgainstAnOlderVersionIs409SayingTheCurrentVersionAndWhatChangedSince() throws Exception {
        catalog.answer(
                "POST",
                "/internal/catalog/engines/" + ENGINE + "/revert",
                409,
                "{\"status\":409,\"detail\":\"engines/" + ENGINE + " is at version 5, not 2\",\"currentVersion\":5}");
        mvc.perform(post("/api/audit/engines/{id}/rollback", ENGINE)
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":1,\"expectedVersion\":2}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.currentVersion").value(5))
                .andExpect(jsonPath("$.expectedVersion").value(2))
                .andExpect(jsonPath("$.changedFields").value(org.hamcrest.Matchers.contains("name", "modelId")))
                .andExpect(jsonPath("$.detail").value(containsString("at version 5 now")))
                .andExpect(jsonPath("$.detail").value(containsString("v3 update by bob (name)")))
                .andExpect(jsonPath("$.detail").value(containsString("v5 delete by carl")));
    }

    @Test
    void rollbackToTheCurrentStatePassesCatalogsNothingChangedOn() throws Exception {
        catalog.answer(
                "POST",
                "/internal/catalog/engines/" + ENGINE + "/revert",
                200,
                "{\"id\":\"" + ENGINE + "\",\"version\":5,\"createdAt\":null,\"createdBy\":null,\"changedAt\":null,"
                        + "\"changedBy\":null,\"action\":null,\"reason\":null,\"deleted\":true}",
                Map.of(NothingChanged.HEADER, NothingChanged.VALUE));
        mvc.perform(post("/api/audit/engines/{id}/rollback", ENGINE)
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":5,\"expectedVersion\":5}"))
                .andExpect(status().isOk())
                .andExpect(header().string(NothingChanged.HEADER, NothingChanged.VALUE))
                .andExpect(jsonPath("$.id").value(ENGINE))
                .andExpect(jsonPath("$.version").value(5))
                .andExpect(jsonPath("$.deleted").value(true));
    }

    @Test
    void rollbackToAnUnknownVersionIsNotFoundAndCallsNothing() throws Exception {
        mvc.perform(post("/api/audit/engines/{id}/rollback", ENGINE)
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":42,\"expectedVersion\":5}"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/audit/engines/{id}/rollback", ENGINE)
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"no version\",\"expectedVersion\":5}"))
                .andExpect(status().isBadRequest());
        assertThat(catalog.received()).isEmpty();
    }

    @Test
    void unreadableRecordGoesToTheDeadLetterTopicAndTheNextRecordIsMaterialized() {
        String poisonKey = CaptureRecords.key("poison-" + UUID.randomUUID());
        String after = new ObjectId().toHexString();
        Infra.produce(
                KafkaBroker.shared().bootstrapServers(),
                List.of(
                        new Rec(Topics.captureTopic("models"), poisonKey, "{not json"),
                        event(
                                "models",
                                ChangeEvent.CREATE,
                                null,
                                doc(after, 1, "m1", "create", "ann", T, "name", "M"),
                                T + 10_000,
                                99)));
        Infra.await(TIMEOUT, "the record after the poison one", () -> store.latest("models", after)
                .isPresent());
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> dead = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.CAPTURE_DEAD_LETTER));
            Infra.await(TIMEOUT, "the poison record on " + Topics.CAPTURE_DEAD_LETTER, () -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (poisonKey.equals(r.key())) {
                        dead.add(r.value());
                    }
                });
                return !dead.isEmpty();
            });
        }
        assertThat(dead).containsExactly("{not json");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMap(String json) {
        return Json.MAPPER.readValue(json, Map.class);
    }

    @Test
    void requestIdOfAChangeReachesItsEntryAndTheMaterializersLogLines(CapturedOutput output) throws Exception {
        String requestId = "req-e2e-" + UUID.randomUUID();
        String brand = new ObjectId().toHexString();
        Document created = doc(brand, 1, "rid1", "create", "ann", T, "name", "Audi");
        created.get("_change", Document.class).put("requestId", requestId);
        Infra.produce(
                KafkaBroker.shared().bootstrapServers(),
                List.of(event("brands", ChangeEvent.CREATE, null, created, T, 7)));
        Infra.await(TIMEOUT, "the brand's entry", () -> store.latest("brands", brand)
                .isPresent());
        // at the level the service runs with (INFO): the entry is readable a moment before its line is logged
        Infra.await(TIMEOUT, "the materializer's line", () -> output.getOut().contains("Stored brands:" + brand));

        mvc.perform(get("/api/audit").param("documentId", brand).header("Authorization", VIEWER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].requestId").value(requestId));
        assertThat(output.getOut()
                        .lines()
                        .filter(l -> l.contains("[" + requestId + "]") && l.contains("Stored brands:" + brand)))
                .as("the materializer's line for the change carries its request id")
                .hasSize(1);
        assertThat(output.getOut().lines().filter(l -> l.contains("[" + requestId + "]") && !l.contains(brand)))
                .as("no other line inherits the id")
                .isEmpty();
    }

    @Test
    void materializedEntriesTheirLagAndDeadLettersAreScrapedFromPrometheus() throws Exception {
        double deadBefore = scrapeValue(scrape(), "backstop_audit_dead_letters_total");
        Infra.produce(
                KafkaBroker.shared().bootstrapServers(),
                List.of(new Rec(
                        Topics.captureTopic("engines"), CaptureRecords.key("poison-" + UUID.randomUUID()), "[]")));
        Infra.await(
                TIMEOUT,
                "the dead-letter counter",
                () -> scrapeValue(scrape(), "backstop_audit_dead_letters_total") == deadBefore + 1);

        String exposition = scrape();
        for (String action : List.of("create", "update", "move", "delete")) {
            assertThat(scrapeValue(
                            exposition,
                            "backstop_audit_materialized_total",
                            "collection=\"engines\"",
                            "action=\"" + action + "\""))
                    .as("entries stored with action " + action)
                    .isGreaterThanOrEqualTo(1);
        }
        double count = scrapeValue(exposition, "backstop_audit_materialization_lag_seconds_count");
        double sum = scrapeValue(exposition, "backstop_audit_materialization_lag_seconds_sum");
        assertThat(count).isGreaterThanOrEqualTo(5);
        // every change of this test class happened between T and T + 10 s and was stored after seededAt
        assertThat(sum).isGreaterThanOrEqualTo(count * (seededAt - T - 10_000) / 1000.0);
        assertThat(exposition)
                .as("consumer lag from the Kafka client's meters")
                .contains("kafka_consumer_fetch_manager_records_lag_max");
    }

    private String scrape() {
        try {
            return mvc.perform(get("/actuator/prometheus"))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sum of the samples named {@code name} having every label given (0 when none). */
    private static double scrapeValue(String exposition, String name, String... labels) {
        return exposition
                .lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void catalogFailureIsA502ThatQuotesNothingOfItsAnswerAndLogsNoToken(CapturedOutput output) throws Exception {
        catalog.answer(
                "POST",
                "/internal/catalog/engines/" + ENGINE + "/revert",
                500,
                "{\"status\":500,\"detail\":\"MongoException at mongodb://catalog:Stub-Leakcheck-Pw@db:27017\"}");

        String body = mvc.perform(post("/api/audit/engines/{id}/rollback", ENGINE)
                        .header("Authorization", EDITOR)
                        .header("X-Request-Id", "req-leakcheck")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":2,\"expectedVersion\":5}"))
                .andExpect(status().isBadGateway())
                .andExpect(jsonPath("$.detail").value(containsString("req-leakcheck")))
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(body).doesNotContain("Stub-Leakcheck-Pw").doesNotContain("mongodb://");
        String token = EDITOR.substring("Bearer ".length());
        assertThat(output.getAll())
                .doesNotContain(token)
                .doesNotContain(TestTokens.SECRET)
                .doesNotContain("Stub-Leakcheck-Pw");
    }

    @Test
    void rejectedTokensAreNeitherEchoedNorLogged(CapturedOutput output) throws Exception {
        String forged = TestTokens.bearerSignedWith("Forged-Leakcheck-Secret-0123456789-abcdef", "mallory", "admin");
        for (String authorization : List.of(forged, "Bearer Garbage-Leakcheck-Token", "Basic YWRtaW46YWRtaW4=")) {
            String body = mvc.perform(get("/api/audit").header("Authorization", authorization))
                    .andExpect(status().isUnauthorized())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            String credential = authorization.substring(authorization.indexOf(' ') + 1);
            assertThat(body).doesNotContain(credential).doesNotContain(TestTokens.SECRET);
            assertThat(output.getAll()).doesNotContain(credential);
        }
        assertThat(output.getAll()).doesNotContain(TestTokens.SECRET).doesNotContain("Forged-Leakcheck-Secret");
    }

    @Test
    void malformedBodyIsA400ThatNamesNoInternals(CapturedOutput output) throws Exception {
        String body = mvc.perform(post("/api/audit/engines/{id}/rollback", ENGINE)
                        .header("Authorization", EDITOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\": 2,"))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(body)
                .contains("Malformed JSON")
                .doesNotContain("tools.jackson")
                .doesNotContain("Exception")
                .doesNotContain(TestTokens.SECRET);
        assertThat(output.getAll()).doesNotContain(EDITOR.substring("Bearer ".length()));
    }

    @Test
    void apiDocumentNeedsATokenAndDescribesTheRollbackAndItsErrors() throws Exception {
        mvc.perform(get("/v3/api-docs")).andExpect(status().isUnauthorized());

        mvc.perform(get("/v3/api-docs").header("Authorization", VIEWER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/audit'].get.summary").value(containsString("newest first")))
                .andExpect(jsonPath(
                                "$.paths['/api/audit/{collection}/{documentId}/rollback'].post.responses['409'].description")
                        .value(containsString("restore")))
                .andExpect(jsonPath("$.paths['/api/audit/{collection}/{documentId}/rollback'].post.responses['502']")
                        .exists())
                .andExpect(jsonPath("$.paths['/api/audit/{collection}/{documentId}/rollback'].post.description")
                        .value(containsString("'expectedVersion' (required)")))
                .andExpect(jsonPath("$.paths['/api/audit/{collection}/{documentId}/rollback'].post.description")
                        .value(containsString(NothingChanged.HEADER)))
                .andExpect(jsonPath("$.components.schemas.RollbackRequest.required")
                        .value(org.hamcrest.Matchers.hasItem("expectedVersion")));
    }

    @Test
    void theReshapedOperationsHaveADescriptionAndAnExampleOfTheirAnswer() throws Exception {
        String doc = mvc.perform(get("/v3/api-docs").header("Authorization", VIEWER))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        for (String operation : List.of(
                "$.paths['/api/audit'].get",
                "$.paths['/api/audit/{collection}/{documentId}'].get",
                "$.paths['/api/audit/{collection}/{documentId}/rollback'].post")) {
            assertThat((String) JsonPath.read(doc, operation + ".summary"))
                    .as(operation)
                    .isNotBlank();
            assertThat((String) JsonPath.read(doc, operation + ".description"))
                    .as(operation)
                    .isNotBlank();
            assertThat(JsonPath.read(doc, operation + ".responses['200']").toString())
                    .as(operation)
                    .contains("example");
        }
        assertThat((List<String>) JsonPath.read(doc, "$.paths['/api/audit'].get.parameters[*].name"))
                .contains("limit", "cursor")
                .doesNotContain("size");
        assertThat((List<String>)
                        JsonPath.read(doc, "$.paths['/api/audit/{collection}/{documentId}'].get.parameters[*].name"))
                .contains("limit", "cursor");
        assertThat(JsonPath.read(doc, "$.paths['/api/audit/{collection}/{documentId}/rollback'].post.responses['200']")
                        .toString())
                .contains("changedBy")
                .contains("deleted");
    }
}
