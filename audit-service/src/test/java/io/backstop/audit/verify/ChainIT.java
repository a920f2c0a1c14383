package io.backstop.audit.verify;

import static io.backstop.audit.support.CaptureRecords.doc;
import static io.backstop.audit.support.CaptureRecords.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.backstop.audit.store.AuditEntry;
import io.backstop.audit.store.AuditStore;
import io.backstop.audit.support.CaptureRecords.Rec;
import io.backstop.audit.support.Infra;
import io.backstop.contracts.Actions;
import io.backstop.contracts.AuditChain;
import io.backstop.contracts.AuditEvent;
import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;
import io.backstop.infra.EmbeddedMongo;
import io.backstop.infra.KafkaBroker;
import io.backstop.support.test.TestTokens;

/**
 * The chains on the running service: materialized from real capture records, published on {@code audit.events}
 * with hashes a consumer recomputes, verified through the API, tampered with through the driver, and redacted.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ChainIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long T = 1_764_400_000_000L;
    private static final String ADMIN = TestTokens.bearer("ada", "admin");
    private static final String VIEWER = TestTokens.bearer("vera", "viewer");
    private static final String ENGINE = new ObjectId().toHexString();
    private static final String BRAND = new ObjectId().toHexString();
    private static final String EMAIL = "anna-" + UUID.randomUUID() + "@example.org";

    private static EmbeddedMongo mongo;

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditStore store;

    @Autowired
    ChainHealth health;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @BeforeAll
    static void seed() {
        Infra.produce(KafkaBroker.shared().bootstrapServers(), records());
    }

    @AfterAll
    static void stop() {
        mongo.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        mongo = EmbeddedMongo.inMemory();
        registry.add("spring.mongodb.uri", mongo::connectionString);
        registry.add(
                "spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("spring.kafka.consumer.group-id", () -> "chain-it-" + UUID.randomUUID());
        registry.add("backstop.security.gateway-secret", () -> TestTokens.SECRET);
        registry.add("server.port", () -> "0");
    }

    @BeforeEach
    void materialized() {
        Infra.await(
                TIMEOUT,
                "the seeded history",
                () -> store.history("engines", ENGINE).size() >= 3
                        && store.history("brands", BRAND).size() >= 2);
    }

    private static Document engine(long v, int power) {
        return doc(
                ENGINE, v, "e" + v, v == 1 ? "create" : "update", "ann", T + v * 1000, "name", "V8", "powerHp", power);
    }

    private static Document brand(long v, String name) {
        return doc(
                BRAND, v, "b" + v, v == 1 ? "create" : "update", "bob", T + v * 1000, "name", name, "contact", EMAIL);
    }

    private static List<Rec> records() {
        return List.of(
                event("engines", ChangeEvent.CREATE, null, engine(1, 100), T + 1000, 1),
                event("brands", ChangeEvent.CREATE, null, brand(1, "Rotax"), T + 1000, 2),
                event("engines", ChangeEvent.UPDATE, engine(1, 100), engine(2, 120), T + 2000, 3),
                event("brands", ChangeEvent.UPDATE, brand(1, "Rotax"), brand(2, "Rotax GmbH"), T + 2000, 4),
                event("engines", ChangeEvent.UPDATE, engine(2, 120), engine(3, 140), T + 3000, 5));
    }

    @Test
    void anUntouchedTrailVerifiesThroughTheApi() throws Exception {
        long stored = store.collection().countDocuments();

        mvc.perform(get("/api/audit/verify").header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ok").value(true))
                .andExpect(jsonPath("$.entries").value(stored))
                .andExpect(jsonPath("$.verifiedAt").isString());
        mvc.perform(get("/api/audit/verify/latest").header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ok").value(true));
        assertThat(health.health().getDetails()).containsEntry("intact", true).containsKey("verifiedAt");
        assertThat(meters.get("backstop.audit.chain.intact").gauge().value()).isEqualTo(1.0);
    }

    /** backup-service anchors this in each manifest; verify checks the trail against it. */
    @Test
    void theHeadIsServedForBackupsAndAnAnchorIsChecked() throws Exception {
        String body = mvc.perform(get("/internal/audit/chain/head").header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        tools.jackson.databind.JsonNode head = Json.MAPPER.readTree(body);
        assertThat(head.get("seq").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(head.get("hash").asString()).hasSize(64);

        mvc.perform(get("/api/audit/verify")
                        .param("seq", head.get("seq").asString())
                        .param("hash", head.get("hash").asString())
                        .header("Authorization", ADMIN))
                .andExpect(jsonPath("$.ok").value(true));
        mvc.perform(get("/api/audit/verify")
                        .param("seq", head.get("seq").asString())
                        .param("hash", "0".repeat(64))
                        .header("Authorization", ADMIN))
                .andExpect(jsonPath("$.ok").value(false))
                .andExpect(jsonPath("$.brokenLink.id").value(head.get("entryId").asString()));
        mvc.perform(get("/api/audit/verify").param("seq", "3").header("Authorization", ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.containsString("'seq' (1 or more) and 'hash'")));
    }

    @Test
    void onlyAnAdminVerifies() throws Exception {
        mvc.perform(get("/api/audit/verify").header("Authorization", VIEWER))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.status").value(403));
    }

    @Test
    void anEntryChangedWithTheDriverIsNamedByTheApi() throws Exception {
        MongoCollection<Document> logs = store.collection();
        String id = AuditEntry.idOf("engines", ENGINE, 2);
        Document original = logs.find(Filters.eq("_id", id)).first();
        try {
            logs.updateOne(Filters.eq("_id", id), Updates.set("after.powerHp", 999));

            mvc.perform(get("/api/audit/verify").header("Authorization", ADMIN))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.ok").value(false))
                    .andExpect(jsonPath("$.brokenLink.id").value(id))
                    .andExpect(jsonPath("$.brokenLink.kind").value("changed"));
            assertThat(health.health().getDetails())
                    .containsEntry("intact", false)
                    .containsEntry("brokenEntry", id)
                    .containsEntry("brokenKind", "changed");
            assertThat(meters.get("backstop.audit.chain.intact").gauge().value())
                    .isEqualTo(0.0);
        } finally {
            logs.replaceOne(Filters.eq("_id", id), original);
        }
    }

    /** A consumer of audit.events checks both chains from the records alone (docs/audit-chain.md). */
    @Test
    void everyPublishedEntryCarriesHashesAConsumerRecomputes() {
        Map<String, AuditEvent> byId = new HashMap<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "chain-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT_EVENTS));
            Infra.await(TIMEOUT, "the engine's entries on " + Topics.AUDIT_EVENTS, () -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    AuditEvent e =
                            Json.read(r.value().getBytes(java.nio.charset.StandardCharsets.UTF_8), AuditEvent.class);
                    if (ENGINE.equals(e.documentId())) {
                        byId.put(e.id(), e);
                    }
                });
                return byId.size() >= 3;
            });
        }
        List<AuditEvent> events = new ArrayList<>(byId.values());
        events.sort(java.util.Comparator.comparingLong(AuditEvent::version));
        String previousHash = null;
        for (AuditEvent e : events.subList(0, 3)) {
            assertThat(e.schemaVersion()).isEqualTo(2);
            assertThat(e.prevHash()).as("prevHash of %s", e.id()).isEqualTo(previousHash);
            assertThat(AuditChain.entryHash(e)).as("hash of %s", e.id()).isEqualTo(e.hash());
            assertThat(AuditChain.linkHash(
                            e.chain().seq(), e.chain().prevId(), e.chain().prevHash(), e.hash()))
                    .isEqualTo(e.chain().hash());
            previousHash = e.hash();
        }
    }

    /** Redacted from both entries, the address is gone from the API, stays gone after the next change, and the chain holds. */
    @Test
    void aRedactedValueLeavesTheTrailVerifiableAndDoesNotComeBack() throws Exception {
        String v1 = AuditEntry.idOf("brands", BRAND, 1);
        String v2 = AuditEntry.idOf("brands", BRAND, 2);
        redact(v1, "contact")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entryId").value(v1))
                .andExpect(jsonPath("$.path").value("contact"))
                .andExpect(jsonPath("$.createdBy").value("ada"))
                .andExpect(jsonPath("$.reason").value("GDPR request 42"));
        redact(v2, "contact").andExpect(status().isOk());

        assertThat(mvc.perform(get("/api/audit/brands/" + BRAND).header("Authorization", VIEWER))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .doesNotContain(EMAIL)
                .contains("sha256:");
        mvc.perform(get("/api/audit/verify").header("Authorization", ADMIN))
                .andExpect(jsonPath("$.ok").value(true));

        // the next change's pre- and post-image still hold the address: it must not come back, nor look like drift
        Infra.produce(
                KafkaBroker.shared().bootstrapServers(),
                List.of(event(
                        "brands", ChangeEvent.UPDATE, brand(2, "Rotax GmbH"), brand(3, "BRP-Rotax"), T + 9000, 9)));
        Infra.await(
                TIMEOUT,
                "the brand's next change",
                () -> store.history("brands", BRAND).size() >= 3);
        List<AuditEntry> history = store.history("brands", BRAND);
        assertThat(history).hasSize(3);
        assertThat(history.get(2).action()).isEqualTo(Actions.UPDATE);
        assertThat(history.get(2).changes()).extracting(c -> c.path()).containsExactly("name");
        assertThat(history.get(2).after().toJson()).doesNotContain(EMAIL);
        assertThat(history.get(2).before().toJson()).doesNotContain(EMAIL);
        mvc.perform(get("/api/audit/verify").header("Authorization", ADMIN))
                .andExpect(jsonPath("$.ok").value(true));
        mvc.perform(get("/api/audit/redactions").header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.entryId == '" + v1 + "')].path")
                        .value(org.hamcrest.Matchers.contains("contact")));
    }

    @Test
    void aBadRedactionIsAProblemThatSaysWhatIsWrong() throws Exception {
        String v1 = AuditEntry.idOf("engines", ENGINE, 1);
        redact("engines:nope:0000000001", "name")
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("No audit entry")));
        redact(v1, "stages..name")
                .andExpect(status().isBadRequest())
                .andExpect(
                        jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("'path' must name a value")));
        redact(v1, "nosuchfield").andExpect(status().isUnprocessableEntity());
        mvc.perform(post("/api/audit/redactions")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"entryId\":\"" + v1 + "\",\"path\":\"name\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/audit/redactions")
                        .header("Authorization", VIEWER)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"entryId\":\"" + v1 + "\",\"path\":\"name\",\"reason\":\"r\"}"))
                .andExpect(status().isForbidden());
        assertThat(store.collection().find(Filters.eq("_id", v1)).first().toJson())
                .doesNotContain("redacted");
    }

    @Test
    void theSameRedactionTwiceIsAConflict() throws Exception {
        String v1 = AuditEntry.idOf("engines", ENGINE, 1);
        redact(v1, "name").andExpect(status().isOk());
        redact(v1, "name")
                .andExpect(status().isConflict())
                .andExpect(
                        jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("redacted already, by ada")));
    }

    private org.springframework.test.web.servlet.ResultActions redact(String entryId, String path) throws Exception {
        return mvc.perform(post("/api/audit/redactions")
                .header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"entryId\":\"" + entryId + "\",\"path\":\"" + path + "\",\"reason\":\"GDPR request 42\"}"));
    }
}
