package io.backstop.catalog.capture.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.backstop.catalog.TestMongo;
import io.backstop.catalog.capture.CapturedRecords;
import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.ChangeEventKey;
import io.backstop.contracts.Json;
import io.backstop.contracts.Topics;
import io.backstop.infra.KafkaBroker;
import io.backstop.support.test.TestTokens;

/** API write -> outbox -> relay -> real Kafka broker, in exactly the envelope of docs/architecture.md. */
@SpringBootTest
@AutoConfigureMockMvc
class OutboxCaptureIT {

    private static final String EDITOR = TestTokens.bearer("erin", "editor");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", TestMongo::uri);
        registry.add("backstop.catalog.database", () -> "catalog_capture_it");
        registry.add("backstop.security.gateway-secret", () -> TestTokens.SECRET);
        registry.add(
                "spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    }

    @Autowired
    MockMvc mvc;

    private String create(String kind, String json) throws Exception {
        String body = mvc.perform(post("/api/catalog/" + kind)
                        .header("Authorization", EDITOR)
                        .header("X-Request-Id", "req-it")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JsonPath.read(body, "$.id");
    }

    @Test
    void createUpdateDeleteOfAnEngineArriveOnItsTopicInTheDebeziumEnvelopeInOrder() throws Exception {
        String brandId = create("brands", "{\"name\":\"Audi\"}");
        String modelId = create("models", "{\"brandId\":\"" + brandId + "\",\"name\":\"A4\"}");
        String engine = "{\"modelId\":\"" + modelId + "\",\"name\":\"2.0 TFSI\",\"fuel\":\"petrol\",\"powerHp\":190,"
                + "\"torqueNm\":320,\"stages\":[{\"stage\":1,\"powerHp\":245,\"torqueNm\":400,\"priceEur\":399}]}";
        String id = create("engines", engine);
        mvc.perform(put("/api/catalog/engines/" + id)
                        .header("Authorization", EDITOR)
                        .header("X-Change-Reason", "dyno")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(engine.replace("\"priceEur\":399", "\"priceEur\":449")
                                .replace("{\"modelId\"", "{\"version\":1,\"modelId\"")))
                .andExpect(status().isOk());
        mvc.perform(delete("/api/catalog/engines/" + id).param("version", "2").header("Authorization", EDITOR))
                .andExpect(status().isNoContent());

        List<ConsumerRecord<String, String>> records = consume(Topics.captureTopic("engines"), id, 4);

        String key = Json.MAPPER.writeValueAsString(ChangeEventKey.of(id));
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(key));
        assertThat(Json.MAPPER.readTree(key).get("id").stringValue()).isEqualTo("\"" + id + "\"");
        ChangeEvent created = Json.MAPPER.readValue(records.get(0).value(), ChangeEvent.class);
        ChangeEvent updated = Json.MAPPER.readValue(records.get(1).value(), ChangeEvent.class);
        ChangeEvent deleted = Json.MAPPER.readValue(records.get(2).value(), ChangeEvent.class);
        assertThat(records.get(3).value()).as("tombstone after the delete").isNull();

        assertThat(created.op()).isEqualTo("c");
        assertThat(created.before()).isNull();
        Document after = Document.parse(created.after());
        assertThat(after.getString("_id")).isEqualTo(id);
        assertThat(after.get("_change", Document.class).getString("by")).isEqualTo("erin");
        assertThat(after.get("_change", Document.class).getString("requestId")).isEqualTo("req-it");
        assertThat(created.source().connector()).isEqualTo("mongodb");
        assertThat(created.source().name()).isEqualTo("backstop");
        assertThat(created.source().db()).isEqualTo("catalog");
        assertThat(created.source().collection()).isEqualTo("engines");
        assertThat(created.tsMs()).isNotNull();

        assertThat(updated.op()).isEqualTo("u");
        assertThat(updated.before()).isEqualTo(created.after());
        assertThat(Document.parse(updated.after())
                        .get("_change", Document.class)
                        .getString("reason"))
                .isEqualTo("dyno");
        assertThat(updated.updateDescription()).isNull();

        assertThat(deleted.op()).isEqualTo("d");
        assertThat(deleted.after()).isNull();
        Document marker = Document.parse(deleted.before());
        assertThat(marker.get("_change", Document.class).getString("action")).isEqualTo("delete");
        assertThat(marker.get("_change", Document.class).getBoolean("deleted")).isTrue();

        List<Long> ords = List.of(
                created.source().ord(), updated.source().ord(), deleted.source().ord());
        assertThat(ords).isSorted().doesNotHaveDuplicates();
        assertThat(created.position())
                .isEqualTo(created.source().tsMs() + ":" + created.source().ord());
    }

    private static List<ConsumerRecord<String, String>> consume(String topic, String documentId, int expected) {
        List<ConsumerRecord<String, String>> result = CapturedRecords.of(topic, documentId, expected);
        assertThat(result).as("records for %s on %s", documentId, topic).hasSize(expected);
        return result;
    }
}
