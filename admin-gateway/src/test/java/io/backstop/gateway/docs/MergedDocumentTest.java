package io.backstop.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.backstop.contracts.Json;

/** How the gateway's and the services' documents become the one public document. */
class MergedDocumentTest {

    private static ObjectNode doc(String json) {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    private static final ObjectNode GATEWAY =
            doc("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"gw\",\"version\":\"1\"},"
                    + "\"paths\":{\"/api/me\":{\"get\":{\"summary\":\"Me\"}}},"
                    + "\"components\":{\"schemas\":{\"Problem\":{\"type\":\"object\"}}}}");

    @Test
    void everyPathOfEveryDocumentIsThereOnceWithTheGatewayAsServer() {
        Map<String, ObjectNode> services = new LinkedHashMap<>();
        services.put(
                "catalog",
                doc(
                        "{\"paths\":{\"/api/catalog/brands\":{\"get\":{},\"post\":{}}},"
                                + "\"components\":{\"schemas\":{\"Problem\":{\"type\":\"object\"}}},\"tags\":[{\"name\":\"Catalog\"}]}"));
        services.put("audit", doc("{\"paths\":{\"/api/audit\":{\"get\":{}}},\"tags\":[{\"name\":\"Audit\"}]}"));

        ObjectNode merged = MergedDocument.merge(GATEWAY, services);

        assertThat(merged.get("paths").propertyNames()).containsExactly("/api/audit", "/api/catalog/brands", "/api/me");
        assertThat(merged.get("paths").get("/api/catalog/brands").propertyNames())
                .containsExactly("get", "post");
        assertThat(merged.get("components").get("schemas").propertyNames()).containsExactly("Problem");
        assertThat(merged.get("servers").get(0).get("url").stringValue()).isEqualTo("/");
        assertThat(merged.get("tags").findValuesAsString("name")).containsExactly("Audit", "Catalog");
        assertThat(merged.get("info").get("title").stringValue()).isEqualTo("Backstop API");
    }

    @Test
    void aSchemaTwoServicesNameAlikeButDefineDifferentlyIsRenamedWithItsReferences() {
        Map<String, ObjectNode> services = new LinkedHashMap<>();
        services.put(
                "catalog",
                doc(
                        "{\"paths\":{\"/api/catalog\":{\"get\":{\"responses\":{\"200\":{\"$ref\":"
                                + "\"#/components/schemas/View\"}}}}},\"components\":{\"schemas\":{\"View\":{\"title\":\"catalog's\"}}}}"));
        services.put(
                "backup",
                doc(
                        "{\"paths\":{\"/api/backups\":{\"get\":{\"responses\":{\"200\":{\"$ref\":"
                                + "\"#/components/schemas/View\"}}}}},\"components\":{\"schemas\":{\"View\":{\"title\":\"backup's\"}}}}"));

        ObjectNode merged = MergedDocument.merge(GATEWAY, services);

        JsonNode schemas = merged.get("components").get("schemas");
        assertThat(schemas.get("View").get("title").stringValue()).isEqualTo("catalog's");
        assertThat(schemas.get("BackupView").get("title").stringValue()).isEqualTo("backup's");
        assertThat(merged.at("/paths/~1api~1backups/get/responses/200/$ref").stringValue())
                .isEqualTo("#/components/schemas/BackupView");
        assertThat(merged.at("/paths/~1api~1catalog/get/responses/200/$ref").stringValue())
                .isEqualTo("#/components/schemas/View");
    }

    @Test
    void twoDocumentsDefiningTheSameOperationIsAnErrorNotASilentChoice() {
        Map<String, ObjectNode> services = Map.of("catalog", doc("{\"paths\":{\"/api/me\":{\"get\":{}}}}"));

        assertThatThrownBy(() -> MergedDocument.merge(GATEWAY, services))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GET /api/me");
    }

    @Test
    void keysAreSortedAtEveryLevelSoTheSameApiGivesTheSameBytes() {
        ObjectNode a = MergedDocument.merge(
                GATEWAY, Map.of("audit", doc("{\"paths\":{\"/z\":{\"post\":{\"b\":1,\"a\":2}}}}")));
        ObjectNode b = MergedDocument.merge(
                GATEWAY, Map.of("audit", doc("{\"paths\":{\"/z\":{\"post\":{\"a\":2,\"b\":1}}}}")));

        assertThat(Json.MAPPER.writeValueAsString(a)).isEqualTo(Json.MAPPER.writeValueAsString(b));
        assertThat(a.at("/paths/~1z/post").propertyNames()).containsExactly("a", "b");
    }
}
