package io.backstop.backup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCursor;

import tools.jackson.databind.JsonNode;

import io.backstop.backup.imports.Mongodumps;
import io.backstop.contracts.Topics;
import io.backstop.outbox.CatalogDocuments;
import io.backstop.support.test.TestTokens;

/**
 * A mongodump of the catalog made elsewhere (BSON from the driver's codecs, mixed _id types, another database
 * name) is imported, then verified, compared and restored like any backup; hostile input leaves nothing behind.
 */
class ImportIT extends BackupServiceIT {

    private Response upload(byte[] archive, String contentType, String reason) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/backups/imports"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", TestTokens.bearer("admin", "admin"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(archive));
        if (reason != null) {
            request.header("X-Change-Reason", reason);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    private Map<String, List<Document>> liveBusiness() {
        Map<String, List<Document>> all = new LinkedHashMap<>();
        for (String collection : Topics.CATALOG_COLLECTIONS) {
            List<Document> docs = new ArrayList<>();
            try (MongoCursor<Document> cursor = catalog()
                    .getCollection(collection)
                    .find()
                    .sort(new Document("_id", 1))
                    .iterator()) {
                cursor.forEachRemaining(d -> docs.add(
                        new Document("_id", d.get("_id")).append("fields", CatalogDocuments.businessFields(d))));
            }
            all.put(collection, docs);
        }
        return all;
    }

    /** The dump's documents as the catalog holds them: ObjectId ids and parent references as hex strings. */
    private static Map<String, List<Document>> dumpedBusiness() {
        Map<String, List<Document>> all = new LinkedHashMap<>();
        Mongodumps.catalog()
                .forEach((collection, docs) -> all.put(
                        collection,
                        docs.stream()
                                .map(d -> {
                                    Document fields = CatalogDocuments.businessFields(d);
                                    fields.replaceAll((k, v) -> v instanceof ObjectId o ? o.toHexString() : v);
                                    Object id = d.get("_id") instanceof ObjectId o ? o.toHexString() : d.get("_id");
                                    return new Document("_id", id).append("fields", fields);
                                })
                                .sorted(java.util.Comparator.comparing(d -> d.getString("_id")))
                                .toList()));
        return all;
    }

    /** Everything under the backup root but the backups that existed before. */
    private List<String> backupRootEntries() throws Exception {
        try (Stream<Path> entries = Files.walk(ROOT)) {
            return entries.map(p -> ROOT.relativize(p).toString())
                    .filter(p -> !p.isEmpty())
                    .sorted()
                    .toList();
        }
    }

    private long records() {
        return backupDb().getCollection("full_backups").countDocuments();
    }

    @Test
    void anImportedMongodumpDirectoryIsVerifiedComparedAndRestoredIntoTheCatalog() throws Exception {
        Mongodumps.write(IMPORTS.resolve("old-panel"), Mongodumps.files("", "supreme", true));

        Response imported =
                post("/api/backups/imports", Map.of("path", "old-panel", "reason", "catalog of the old admin panel"));

        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        JsonNode backup = json(imported);
        String id = backup.get("id").asString();
        assertThat(backup.get("type").asString()).isEqualTo("imported");
        assertThat(backup.get("status").asString()).isEqualTo("completed");
        assertThat(backup.get("description").asString()).isEqualTo("catalog of the old admin panel");
        assertThat(backup.get("tool").asString()).isEqualTo("mongodump-import (100.10.0)");
        assertThat(backup.get("counts").get("engines").asLong()).isEqualTo(3);
        assertThat(backup.get("lastVerification").get("ok").asBoolean()).isTrue();
        assertThat(json(get("/api/backups/" + id, "viewer")).get("type").asString())
                .isEqualTo("imported");

        JsonNode verified = json(post("/api/backups/" + id + "/verify", null));
        assertThat(verified.get("status").asString()).as(verified.toString()).isEqualTo("completed");
        assertThat(verified.get("outcome").get("documents").asLong()).isEqualTo(7);

        Response restore =
                post("/api/backups/" + id + "/restore", Map.of("confirm", id, "reason", "bring the old catalog in"));
        assertThat(restore.status()).as(restore.body()).isEqualTo(202);
        JsonNode operation = awaitOperation(json(restore).get("id").asString());
        assertThat(operation.get("status").asString()).as(operation.toString()).isEqualTo("completed");

        assertThat(liveBusiness()).isEqualTo(dumpedBusiness());
        Document bmw = catalog()
                .getCollection("brands")
                .find(new Document("_id", Mongodumps.BMW.toHexString()))
                .first();
        assertThat(bmw.getList("tags", String.class)).containsExactly("de", "premium");
        assertThat(bmw.get("_change", Document.class).getString("action")).isEqualTo("restore");
        assertThat(catalog()
                        .getCollection("engines")
                        .find(new Document("_id", Mongodumps.E330I.toHexString()))
                        .first()
                        .get("specs", Document.class)
                        .getDouble("torque"))
                .isEqualTo(400.5);
        // the dump's unique index came along, as mongorestore would bring it
        List<String> indexes = new ArrayList<>();
        catalog().getCollection("brands").listIndexes().forEach(i -> indexes.add(i.getString("name")));
        assertThat(indexes).contains("brands_name");

        // written in the server's _id order: compare walks it against the live catalog and finds them equal
        JsonNode compared = json(get("/api/backups/" + id + "/compare?with=live", "viewer"));
        assertThat(compared.get("items")).as(compared.toString()).isEmpty();
        assertThat(compared.get("total").asLong()).isZero();
    }

    @Test
    void anUploadedTarGzIsImportedWithTheReasonFromTheHeader() throws Exception {
        Response imported = upload(
                Mongodumps.tgz(Mongodumps.files("dump/", "catalog", true)), "application/gzip", "from Bob's laptop");

        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(json(imported).get("description").asString()).isEqualTo("from Bob's laptop");
        assertThat(json(imported).get("counts").get("brands").asLong()).isEqualTo(2);
    }

    @Test
    void aHostileArchiveIsRefusedWithAProblemAndLeavesNothingBehind() throws Exception {
        List<String> before = backupRootEntries();
        long records = records();
        Map<String, byte[]> files = new LinkedHashMap<>(Mongodumps.files("dump/", "catalog", true));

        Response symlink =
                upload(Mongodumps.tar(files, Map.of("dump/catalog/x.bson", "/etc/passwd")), "application/x-tar", null);
        files.put("dump/catalog/users.bson.gz", Mongodumps.gzip(Mongodumps.bson(new Document("_id", "root"))));
        Response unknown = upload(Mongodumps.tgz(files), "application/gzip", null);
        files.remove("dump/catalog/users.bson.gz");
        files.put("dump/../../escape/catalog/brands.bson", Mongodumps.bson(new Document("_id", 1)));
        Response slip = upload(Mongodumps.zip(files, Map.of()), "application/zip", null);

        assertThat(symlink.status()).isEqualTo(400);
        assertThat(json(symlink).get("detail").asString()).contains("is a link").contains("Nothing was imported");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(json(unknown).get("detail").asString()).contains("'users', which is not in the catalog");
        assertThat(slip.status()).isEqualTo(400);
        assertThat(json(slip).get("detail").asString()).contains("leads outside the dump");
        assertThat(records()).isEqualTo(records);
        assertThat(backupRootEntries())
                .isEqualTo(
                        before.isEmpty() || before.contains(".imports")
                                ? before
                                : Stream.concat(before.stream(), Stream.of(".imports"))
                                        .sorted()
                                        .toList());
        assertThat(Files.list(ROOT.resolve(".imports")).toList()).isEmpty();
    }

    @Test
    void aPathOutsideTheImportDirectoryIsForbidden() throws Exception {
        Files.createDirectories(IMPORTS.getParent().resolve("elsewhere"));
        Files.createDirectories(IMPORTS.resolve("links"));
        Path link = IMPORTS.resolve("links/out");
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, IMPORTS.getParent().resolve("elsewhere"));
        }

        for (String path : List.of("../elsewhere", "/etc", "links/out")) {
            Response refused = post("/api/backups/imports", Map.of("path", path));
            assertThat(refused.status()).as(path + ": " + refused.body()).isEqualTo(403);
            assertThat(json(refused).get("detail").asString()).contains("outside the import directory");
        }
        Response missing = post("/api/backups/imports", Map.of("path", "no-such-dump"));
        assertThat(missing.status()).isEqualTo(400);
        Response blank = post("/api/backups/imports", Map.of("path", ""));
        assertThat(blank.status()).isEqualTo(400);
    }

    @Test
    void importingIsForAdminsOnly() throws Exception {
        Response asEditor = send("POST", "/api/backups/imports", "ed", "editor", Map.of("path", "old-panel"));

        assertThat(asEditor.status()).isEqualTo(403);
    }

    @Test
    void anImportedBackupIsNeverTheBaseOfAPointInTimeRestore() throws Exception {
        String regular = backupAndWait();
        Response imported = upload(Mongodumps.tgz(Mongodumps.files("", "catalog", true)), "application/gzip", null);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);

        Response preview = post("/api/backups/pitr", Map.of("at", Instant.now().toString(), "dryRun", true));

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(json(preview).get("baseBackupId").asString()).isEqualTo(regular);
    }
}
