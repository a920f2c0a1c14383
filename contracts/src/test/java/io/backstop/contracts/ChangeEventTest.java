package io.backstop.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ChangeEventTest {

    /** An update event as Debezium's MongoDB connector documents it (capture.mode change_streams_update_full_with_pre_image). */
    private static final String DEBEZIUM_UPDATE =
            """
            {"after": "{\\"_id\\": \\"65f0a1b2c3d4e5f6a7b8c9d0\\", \\"name\\": \\"2.0 TFSI\\", \\"powerHp\\": 220}",
             "before": "{\\"_id\\": \\"65f0a1b2c3d4e5f6a7b8c9d0\\", \\"name\\": \\"2.0 TFSI\\", \\"powerHp\\": 200}",
             "updateDescription": null,
             "source": {"version": "3.7.0.Final", "connector": "mongodb", "name": "backstop", "ts_ms": 1558965508000,
                        "ts_us": 1558965508000000, "ts_ns": 1558965508000000000, "snapshot": "false", "db": "catalog",
                        "sequence": null, "collection": "engines", "ord": 31, "lsid": null, "txnNumber": null, "wallTime": 1558965508000},
             "op": "u", "ts_ms": 1558965515240, "ts_us": 1558965515240142, "ts_ns": 1558965515240142879}
            """;

    @Test
    void readsDebeziumsDocumentedEnvelope() {
        ChangeEvent event = Json.read(DEBEZIUM_UPDATE.getBytes(StandardCharsets.UTF_8), ChangeEvent.class);

        assertThat(event.op()).isEqualTo(ChangeEvent.UPDATE);
        assertThat(event.source().collection()).isEqualTo("engines");
        assertThat(event.position()).isEqualTo("1558965508000:31");
        assertThat(event.after()).contains("\"powerHp\": 220");
    }

    @Test
    void roundTripsWithoutLosingAField() {
        ChangeEvent event = new ChangeEvent(
                null,
                "{\"_id\": \"a\"}",
                null,
                new ChangeEvent.Source("1", "mongodb", "backstop", 10L, "false", "catalog", "brands", 2L, null, null),
                ChangeEvent.CREATE,
                11L);

        assertThat(Json.read(Json.write(event), ChangeEvent.class)).isEqualTo(event);
        assertThat(new String(Json.write(event), StandardCharsets.UTF_8))
                .contains("\"ts_ms\":11")
                .contains("\"before\":null");
    }

    @Test
    void keyCarriesTheIdAsAnExtendedJsonString() {
        ChangeEventKey key = ChangeEventKey.of("65f0a1b2c3d4e5f6a7b8c9d0");

        assertThat(key.id()).isEqualTo("\"65f0a1b2c3d4e5f6a7b8c9d0\"");
        assertThat(Json.read(Json.write(key), ChangeEventKey.class).documentId())
                .isEqualTo("65f0a1b2c3d4e5f6a7b8c9d0");
    }

    @Test
    void mapsCaptureTopicsToCollections() {
        assertThat(Topics.captureTopic("engines")).isEqualTo("backstop.catalog.engines");
        assertThat(Topics.collectionOf("backstop.catalog.models")).isEqualTo("models");
        assertThat(Topics.collectionOf("audit.events")).isNull();
    }
}
