package io.backstop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.bson.ByteBuf;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Json;
import io.backstop.stack.GatewayClient;

/**
 * Issue 17's "an imported mongodump directory restored" and "a hostile archive refused", as an admin does it
 * with curl through the gateway: a zip of the original panel's mongodump (ObjectIds, its own database name) is
 * uploaded, restored into the catalog and audited; a zip-slip archive is refused and leaves no backup. The shared
 * stack's catalog is put back from the automatic pre-restore backup afterwards.
 */
@ExtendWith(RunningStack.class)
class MongodumpImportIT {

    private static final Duration OPERATION = Duration.ofSeconds(120);
    private final GatewayClient admin = Api.as("admin", "admin");

    @Test
    void anUploadedMongodumpIsRestoredThroughTheGatewayAndAHostileOneLeavesNothing() throws Exception {
        ObjectId brand = new ObjectId();
        ObjectId model = new ObjectId();
        ObjectId engine = new ObjectId();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(
                "dump/supreme/brands.bson.gz",
                gzip(bson(new Document("_id", brand).append("name", "Old Panel Motors"))));
        files.put(
                "dump/supreme/models.bson.gz",
                gzip(bson(new Document("_id", model)
                        .append("brandId", brand)
                        .append("name", "OP One")
                        .append("yearFrom", 2019))));
        files.put(
                "dump/supreme/engines.bson.gz",
                gzip(bson(new Document("_id", engine)
                        .append("modelId", model.toHexString())
                        .append("name", "OP 2.0")
                        .append("fuel", "petrol")
                        .append("powerHp", 190)
                        .append("torqueNm", 320))));
        for (String collection : List.of("brands", "models", "engines")) {
            files.put(
                    "dump/supreme/" + collection + ".metadata.json.gz",
                    gzip(("{\"indexes\":[],\"collectionName\":\"" + collection
                                    + "\",\"type\":\"collection\",\"options\":{}}")
                            .getBytes(StandardCharsets.UTF_8)));
        }
        int backupsBefore = admin.get("/api/backups").json().size();

        Map<String, byte[]> hostile = new LinkedHashMap<>(files);
        hostile.put("dump/supreme/../../../../tmp/brands.bson", bson(new Document("_id", "x")));
        HttpResponse<String> refused = upload(zip(hostile));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("leads outside the dump").contains("Nothing was imported");
        assertThat(admin.get("/api/backups").json().size()).isEqualTo(backupsBefore);

        HttpResponse<String> imported = upload(zip(files));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        JsonNode backup = Json.MAPPER.readTree(imported.body());
        String id = backup.get("id").asString();
        assertThat(backup.get("type").asString()).isEqualTo("imported");
        assertThat(backup.get("description").asString()).isEqualTo("old panel, 30 Nov");

        String preRestore = restore(id, "bring in the old panel's catalog");
        try {
            GatewayClient viewer = Api.as("viewer", "viewer");
            JsonNode restoredBrand =
                    viewer.get("/api/catalog/brands/" + brand.toHexString()).json();
            assertThat(restoredBrand.get("name").asString()).isEqualTo("Old Panel Motors");
            assertThat(viewer.get("/api/catalog/models/" + model.toHexString())
                            .json()
                            .get("brandId")
                            .asString())
                    .isEqualTo(brand.toHexString());
            assertThat(viewer.get("/api/catalog/engines/" + engine.toHexString())
                            .json()
                            .get("powerHp")
                            .asInt())
                    .isEqualTo(190);
            List<JsonNode> trail = History.entries(admin, "brands", brand.toHexString(), 1, Duration.ofSeconds(60));
            assertThat(trail.get(0).get("action").asString()).isEqualTo("restore");
            assertThat(trail.get(0).get("changedBy").asString()).isEqualTo("admin");
        } finally {
            restore(preRestore, "put the shared stack's catalog back");
        }
    }

    /** Restores and waits for the lock to be free; returns the automatic pre-restore backup's id. */
    private String restore(String id, String reason) {
        GatewayClient.Response accepted =
                admin.post("/api/backups/" + id + "/restore", Map.of("confirm", id, "reason", reason));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        await().atMost(OPERATION)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> !admin.get("/api/ops/lock").json().get("locked").asBoolean());
        String[] preRestore = new String[1];
        for (JsonNode b : admin.get("/api/backups").json().get("items")) {
            if ("pre-restore".equals(b.get("type").asString())
                    && b.get("description").asString().endsWith(id)
                    && preRestore[0] == null) {
                preRestore[0] = b.get("id").asString();
            }
        }
        assertThat(preRestore[0])
                .as("the pre-restore backup of restoring " + id)
                .isNotNull();
        return preRestore[0];
    }

    private static HttpResponse<String> upload(byte[] archive) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(RunningStack.get().gatewayUrl() + "/api/backups/imports"))
                .timeout(Duration.ofSeconds(120))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/zip")
                .header("X-Change-Reason", "old panel, 30 Nov")
                .POST(HttpRequest.BodyPublishers.ofByteArray(archive))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bson(Document doc) {
        ByteBuf buf = new RawBsonDocument(doc, new DocumentCodec()).getByteBuffer();
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        return bytes;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
