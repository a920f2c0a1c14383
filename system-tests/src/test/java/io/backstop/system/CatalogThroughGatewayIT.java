package io.backstop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;

import io.backstop.stack.GatewayClient;

/** Issue 2's "done when": an editor's curl session through the gateway, and bad input that changes nothing. */
@ExtendWith(RunningStack.class)
class CatalogThroughGatewayIT {

    private static final GatewayClient editor = Api.as("editor", "editor");
    private static String brandId;
    private static String modelA;
    private static String modelB;

    @BeforeAll
    static void parents() {
        brandId = created(editor.post("/api/catalog/brands", Map.of("name", "Gateway Test Motors")));
        modelA = created(
                editor.post("/api/catalog/models", Map.of("brandId", brandId, "name", "GT One", "yearFrom", 2019)));
        modelB = created(
                editor.post("/api/catalog/models", Map.of("brandId", brandId, "name", "GT Two", "yearFrom", 2021)));
    }

    @Test
    void editorCreatesUpdatesMovesAndDeletesAnEngine() {
        GatewayClient.Response create = editor.post("/api/catalog/engines", engine(modelA, 220));
        assertThat(create.status()).as(create.toString()).isEqualTo(201);
        assertThat(create.location())
                .endsWith("/api/catalog/engines/" + create.json().get("id").asString());
        String id = create.json().get("id").asString();
        assertThat(create.json().get("version").asLong()).isEqualTo(1);

        Map<String, Object> updated = engine(modelA, 245);
        updated.put("version", 1);
        GatewayClient.Response update = editor.put("/api/catalog/engines/" + id, updated);
        assertThat(update.status()).as(update.toString()).isEqualTo(200);
        assertThat(update.json().get("version").asLong()).isEqualTo(2);
        assertThat(update.json().get("powerHp").asInt()).isEqualTo(245);

        GatewayClient.Response move =
                editor.post("/api/catalog/engines/" + id + "/move", Map.of("parentId", modelB, "version", 2));
        assertThat(move.status()).as(move.toString()).isEqualTo(200);
        assertThat(editor.get("/api/catalog/engines/" + id)
                        .json()
                        .get("modelId")
                        .asString())
                .isEqualTo(modelB);

        long version =
                editor.get("/api/catalog/engines/" + id).json().get("version").asLong();
        GatewayClient.Response delete = editor.delete("/api/catalog/engines/" + id + "?version=" + version);
        assertThat(delete.status()).as(delete.toString()).isEqualTo(204);
        assertThat(editor.get("/api/catalog/engines/" + id).status()).isEqualTo(404);
    }

    @Test
    void badInputGetsItsErrorAndChangesNothing() {
        String id = created(editor.post("/api/catalog/engines", engine(modelA, 180)));
        JsonNode before = editor.get("/api/catalog/engines/" + id).json();

        Map<String, Object> stale = engine(modelA, 999);
        stale.put("version", 0);
        expect(409, editor.put("/api/catalog/engines/" + id, stale));

        Map<String, Object> negative = engine(modelA, -5);
        negative.put("version", 1);
        GatewayClient.Response invalid = editor.put("/api/catalog/engines/" + id, negative);
        expect(400, invalid);
        assertThat(invalid.text()).contains("powerHp");

        expect(
                400,
                editor.put(
                        "/api/catalog/engines/" + id,
                        "{\"modelId\":\"" + modelA
                                + "\",\"name\":\"x\",\"fuel\":\"petrol\",\"powerHp\":1,\"torqueNm\":1,\"version\":1,\"$where\":\"sleep(1)\"}"));
        expect(400, editor.put("/api/catalog/engines/" + id, "{\"powerHp\": "));
        expect(413, editor.put("/api/catalog/engines/" + id, "{\"name\":\"" + "x".repeat(2_000_000) + "\"}"));
        expect(404, editor.put("/api/catalog/engines/0123456789abcdef01234567", withVersion(engine(modelA, 200), 1)));
        expect(409, editor.delete("/api/catalog/engines/" + id + "?version=0"));
        expect(409, editor.delete("/api/catalog/models/" + modelA + "?version=1"));
        expect(401, Api.anonymous().post("/api/catalog/engines", engine(modelA, 200)));
        expect(403, Api.as("viewer", "viewer").put("/api/catalog/engines/" + id, withVersion(engine(modelA, 1), 1)));

        assertThat(editor.get("/api/catalog/engines/" + id).json()).isEqualTo(before);
        assertThat(editor.get("/api/catalog/models/" + modelA).status()).isEqualTo(200);
    }

    private static void expect(int status, GatewayClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        if (status != 401) {
            assertThat(response.contentType()).contains("json");
        }
    }

    private static Map<String, Object> engine(String modelId, int powerHp) {
        Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("modelId", modelId);
        e.put("name", "2.0 TFSI " + powerHp);
        e.put("fuel", "petrol");
        e.put("powerHp", powerHp);
        e.put("torqueNm", 350);
        e.put("displacementCc", 1984);
        e.put("stages", List.of(Map.of("stage", 1, "powerHp", powerHp + 60, "torqueNm", 420, "priceEur", 590)));
        return e;
    }

    private static Map<String, Object> withVersion(Map<String, Object> body, long version) {
        body.put("version", version);
        return body;
    }

    private static String created(GatewayClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }
}
