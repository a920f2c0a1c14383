package io.backstop.catalog.capture.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.ChangeEventKey;
import io.backstop.contracts.Json;
import io.backstop.outbox.CaptureRecord;

/**
 * Events in the format of Debezium's MongoDB connector documentation (change event keys and values,
 * {@code capture.mode=change_streams_update_full_with_pre_image}, JSON converter with schemas disabled).
 */
class DebeziumEventConverterTest {

    private static final String TOPIC = "backstop.catalog.engines";
    private static final String ID = "65a0000000000000000000e1";
    private static final String KEY = "{\"id\":\"\\\"" + ID + "\\\"\"}";

    private static String source(long ord) {
        return "{\"version\":\"3.6.1.Final\",\"connector\":\"mongodb\",\"name\":\"backstop\",\"ts_ms\":1764150000000,"
                + "\"snapshot\":\"false\",\"db\":\"catalog\",\"sequence\":null,\"ts_us\":1764150000000000,"
                + "\"ts_ns\":1764150000000000000,\"collection\":\"engines\",\"ord\":" + ord + ",\"lsid\":null,"
                + "\"txnNumber\":null,\"wallTime\":1764150000123}";
    }

    private static String doc(String change) {
        return "{\"_id\": \"" + ID + "\", \"name\": \"2.0 TFSI\", \"powerHp\": 190, \"version\": 2"
                + (change == null ? "" : ", \"_change\": " + change) + "}";
    }

    private static String value(String op, String before, String after, String updateDescription, long ord) {
        return "{\"before\":" + (before == null ? "null" : Json.MAPPER.writeValueAsString(before))
                + ",\"after\":" + (after == null ? "null" : Json.MAPPER.writeValueAsString(after))
                + ",\"updateDescription\":" + (updateDescription == null ? "null" : updateDescription)
                + ",\"source\":" + source(ord) + ",\"op\":\"" + op + "\",\"ts_ms\":1764150000456,\"transaction\":null}";
    }

    @Test
    void createIsRoutedToOurTopicWithOurKeyAndTheEnvelopeUnchanged() {
        String after = doc("{\"txId\": \"t1\", \"action\": \"create\", \"by\": \"erin\"}");

        CaptureRecord r = DebeziumEventConverter.convert(TOPIC, KEY, value("c", null, after, null, 1))
                .orElseThrow();

        assertThat(r.topic()).isEqualTo("backstop.catalog.engines");
        assertThat(r.key()).isEqualTo(Json.MAPPER.writeValueAsString(ChangeEventKey.of(ID)));
        ChangeEvent e = r.value();
        assertThat(e.op()).isEqualTo("c");
        assertThat(e.after()).isEqualTo(after);
        assertThat(e.before()).isNull();
        assertThat(e.position()).isEqualTo("1764150000000:1");
        assertThat(e.source().collection()).isEqualTo("engines");
    }

    @Test
    void updateWithPreImageKeepsBeforeAfterAndUpdateDescription() {
        String before = doc("{\"txId\": \"t1\", \"action\": \"create\", \"by\": \"erin\"}");
        String after = doc("{\"txId\": \"t2\", \"action\": \"update\", \"by\": \"erin\"}");
        String description =
                "{\"removedFields\":null,\"updatedFields\":\"{\\\"powerHp\\\": 200}\",\"truncatedArrays\":null}";

        ChangeEvent e = DebeziumEventConverter.convert(TOPIC, KEY, value("u", before, after, description, 2))
                .orElseThrow()
                .value();

        assertThat(e.op()).isEqualTo("u");
        assertThat(e.before()).isEqualTo(before);
        assertThat(e.after()).isEqualTo(after);
        assertThat(e.updateDescription()).isNotNull();
    }

    @Test
    void theDeleteMarkersOwnUpdateIsDropped() {
        String marker = doc("{\"txId\": \"t3\", \"action\": \"delete\", \"by\": \"erin\", \"deleted\": true}");

        assertThat(DebeziumEventConverter.convert(TOPIC, KEY, value("u", doc(null), marker, null, 3)))
                .isEmpty();
    }

    @Test
    void deleteWithTheMarkerAsPreImageAndItsTombstoneArePublished() {
        String marker = doc("{\"txId\": \"t3\", \"action\": \"delete\", \"by\": \"erin\", \"deleted\": true}");

        ChangeEvent d = DebeziumEventConverter.convert(TOPIC, KEY, value("d", marker, null, null, 4))
                .orElseThrow()
                .value();
        CaptureRecord tombstone =
                DebeziumEventConverter.convert(TOPIC, KEY, null).orElseThrow();

        assertThat(d.op()).isEqualTo("d");
        assertThat(d.before()).contains("\"deleted\": true");
        assertThat(tombstone.value()).isNull();
        assertThat(tombstone.key()).isEqualTo(Json.MAPPER.writeValueAsString(ChangeEventKey.of(ID)));
    }

    @Test
    void writeThatBypassedTheApiIsKeptWithoutAttribution() {
        String after = "{\"_id\": \"" + ID + "\", \"name\": \"edited in the shell\"}";

        ChangeEvent e = DebeziumEventConverter.convert(TOPIC, KEY, value("u", doc(null), after, null, 5))
                .orElseThrow()
                .value();

        assertThat(e.after()).doesNotContain("_change");
    }

    @Test
    void objectIdKeyFromADirectInsertStaysExtendedJson() {
        String key = "{\"id\":\"{\\\"$oid\\\": \\\"65a0000000000000000000ff\\\"}\"}";

        CaptureRecord r = DebeziumEventConverter.convert(
                        TOPIC, key, value("c", null, "{\"_id\": {\"$oid\": \"65a0000000000000000000ff\"}}", null, 6))
                .orElseThrow();

        assertThat(Json.MAPPER.readValue(r.key(), ChangeEventKey.class).id()).contains("$oid");
    }

    @Test
    void heartbeatsAndOtherCollectionsAreNotPublished() {
        assertThat(DebeziumEventConverter.convert(
                        "__debezium-heartbeat.backstop", "{\"serverName\":\"backstop\"}", "{\"ts_ms\":1764150000000}"))
                .isEmpty();
        assertThat(DebeziumEventConverter.convert("backstop.catalog.outbox", KEY, value("c", null, doc(null), null, 7)))
                .isEmpty();
    }

    @Test
    void databaseWithAnotherNameStillLandsOnTheContractTopic() {
        CaptureRecord r = DebeziumEventConverter.convert(
                        "backstop.catalog_prod.models", KEY, value("c", null, doc(null), null, 8))
                .orElseThrow();

        assertThat(r.topic()).isEqualTo("backstop.catalog.models");
    }
}
