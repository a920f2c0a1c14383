package io.backstop.audit.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import io.backstop.audit.support.CaptureRecords;
import io.backstop.contracts.ChangeEvent;
import io.backstop.contracts.Topics;

class CaptureParserTest {

    @Test
    void readsTheEnvelope() {
        var rec = CaptureRecords.event(
                "models",
                ChangeEvent.UPDATE,
                new Document("_id", "m1").append("n", 1),
                new Document("_id", "m1").append("n", 2L),
                1000,
                7);
        CapturedChange c = CaptureParser.parse(rec.topic(), rec.key(), rec.value());
        assertThat(c.collection()).isEqualTo("models");
        assertThat(c.documentId()).isEqualTo("m1");
        assertThat(c.position()).isEqualTo("1000:7");
        assertThat(c.after().get("n")).isEqualTo(2);
    }

    @Test
    void notJsonIsUnreadable() {
        assertThatThrownBy(() -> CaptureParser.parse(Topics.captureTopic("engines"), null, "{not json"))
                .isInstanceOf(UnreadableChangeException.class);
    }

    @Test
    void unknownOpIsUnreadable() {
        assertThatThrownBy(
                        () -> CaptureParser.parse(
                                Topics.captureTopic("engines"),
                                null,
                                "{\"op\":\"x\",\"source\":{\"ts_ms\":1,\"ord\":1,\"db\":\"catalog\",\"collection\":\"engines\"}}"))
                .isInstanceOf(UnreadableChangeException.class)
                .hasMessageContaining("unknown op");
    }

    @Test
    void badExtendedJsonInsideIsUnreadable() {
        assertThatThrownBy(
                        () -> CaptureParser.parse(
                                Topics.captureTopic("engines"),
                                null,
                                "{\"op\":\"c\",\"after\":\"{oops\",\"source\":{\"ts_ms\":1,\"ord\":1,\"db\":\"catalog\",\"collection\":\"engines\"}}"))
                .isInstanceOf(UnreadableChangeException.class);
    }
}
