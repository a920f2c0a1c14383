package io.backstop.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The reference implementation against docs/audit-chain-vectors.json, which docs/audit-chain-vectors.mjs computed
 * from docs/audit-chain.md independently (JavaScript, whose numbers are what the canonical form prints).
 */
class AuditChainVectorsTest {

    private static JsonNode vectors;

    @BeforeAll
    static void read() throws Exception {
        vectors = Json.MAPPER.readTree(Files.readString(Path.of("..", "docs", "audit-chain-vectors.json")));
    }

    @Test
    void numbersArePrintedAsECMAScriptPrintsTheirDouble() {
        for (JsonNode v : vectors.get("numbers")) {
            Number n = Json.MAPPER.readTree(v.get("json").asString()).numberValue();
            assertThat(AuditChain.canonical(n))
                    .as("%s", v.get("json").asString())
                    .isEqualTo(v.get("canonical").asString());
        }
    }

    @Test
    void stringsAreEscapedOnlyWhereJsonRequires() {
        for (JsonNode v : vectors.get("strings")) {
            assertThat(AuditChain.canonical(v.get("value").asString()))
                    .isEqualTo(v.get("canonical").asString());
        }
    }

    @Test
    void digestsAreTheMerkleTreeOfTheValue() {
        for (JsonNode v : vectors.get("digests")) {
            Object value = Json.MAPPER.treeToValue(v.get("value"), Object.class);
            assertThat(AuditChain.digest(value))
                    .as("%s", v.get("value"))
                    .isEqualTo(v.get("digest").asString());
        }
    }

    @Test
    void entriesAndTheirLinksHashAsTheVectorsSay() {
        JsonNode previous = null;
        for (JsonNode v : vectors.get("entries")) {
            AuditEvent event = Json.MAPPER.treeToValue(v.get("event"), AuditEvent.class);
            assertThat(AuditChain.entryCanonical(event))
                    .isEqualTo(v.get("canonical").asString());
            assertThat(AuditChain.entryHash(event)).as(event.id()).isEqualTo(event.hash());
            AuditEvent.Link link = event.chain();
            assertThat(link.prevId())
                    .isEqualTo(previous == null ? null : previous.get("id").asString());
            assertThat(link.prevHash())
                    .isEqualTo(
                            previous == null
                                    ? null
                                    : previous.get("chain").get("hash").asString());
            assertThat(AuditChain.linkHash(link.seq(), link.prevId(), link.prevHash(), event.hash()))
                    .isEqualTo(link.hash());
            previous = v.get("event");
        }
    }

    @Test
    void aRedactedEntryKeepsItsHash() {
        AuditEvent redacted = Json.MAPPER.treeToValue(vectors.get("redacted").get("event"), AuditEvent.class);

        assertThat(AuditChain.isRedactionMarker(redacted.after().get("contact")))
                .isTrue();
        assertThat(AuditChain.entryHash(redacted))
                .isEqualTo(
                        vectors.get("entries").get(1).get("event").get("hash").asString());
    }

    @Test
    void changingAnyValueChangesTheHash() {
        AuditEvent event = Json.MAPPER.treeToValue(vectors.get("entries").get(1).get("event"), AuditEvent.class);
        event.after().put("rating", 4.6);

        assertThat(AuditChain.entryHash(event)).isNotEqualTo(event.hash());
    }
}
