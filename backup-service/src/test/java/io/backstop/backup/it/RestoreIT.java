package io.backstop.backup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.backstop.backup.restore.DifferentialRestore;
import io.backstop.contracts.Actions;
import io.backstop.contracts.Topics;
import io.backstop.outbox.Attribution;
import io.backstop.outbox.CatalogDocuments;
import io.backstop.outbox.CatalogWriter;
import io.backstop.outbox.WriteFrozenException;

class RestoreIT extends BackupServiceIT {

    CatalogWriter writer;

    @BeforeEach
    void seedThroughTheOutbox() {
        writer = new CatalogWriter(catalog());
        for (String collection : Topics.CATALOG_COLLECTIONS) {
            catalog().getCollection(collection).drop();
        }
        catalog().getCollection("outbox").drop();
        catalog().getCollection("tombstones").drop();
        Attribution seed = Attribution.of(Actions.CREATE, "editor");
        for (String collection : Topics.CATALOG_COLLECTIONS) {
            Map<String, Document> states = new LinkedHashMap<>();
            for (int i = 0; i < 40; i++) {
                states.put(
                        CatalogWriter.newId(),
                        new Document("name", collection + " " + i)
                                .append("rank", i)
                                .append("specs", new Document("hp", 100L + i).append("tags", List.of("x", "y"))));
            }
            writer.createAll(collection, states, seed);
        }
        catalog()
                .getCollection("brands")
                .createIndex(
                        Indexes.ascending("name"),
                        new IndexOptions().unique(true).name("brands_name"));
    }

    private Map<String, List<Document>> business() {
        Map<String, List<Document>> all = new LinkedHashMap<>();
        for (String collection : Topics.CATALOG_COLLECTIONS) {
            all.put(
                    collection,
                    snapshot(collection).stream()
                            .map(CatalogDocuments::businessFields)
                            .map(d -> new Document(d))
                            .toList());
        }
        return all;
    }

    private List<Document> outboxEntriesOf(String backupId) {
        List<Document> entries = new ArrayList<>();
        try (MongoCursor<Document> cursor =
                catalog().getCollection("outbox").find().iterator()) {
            cursor.forEachRemaining(e -> {
                Document doc = e.get("after", Document.class) != null
                        ? e.get("after", Document.class)
                        : e.get("before", Document.class);
                Document change = doc == null ? null : doc.get("_change", Document.class);
                Document metadata = change == null ? null : change.get("metadata", Document.class);
                if (metadata != null && backupId.equals(metadata.getString("backupId"))) {
                    entries.add(e);
                }
            });
        }
        return entries;
    }

    private Document first(String collection, int skip) {
        return catalog()
                .getCollection(collection)
                .find()
                .sort(Indexes.ascending("_id"))
                .skip(skip)
                .first();
    }

    private void changeThreeWaysAfterTheBackup() {
        Attribution edit = Attribution.of(Actions.UPDATE, "editor");
        for (int i = 0; i < 3; i++) {
            Document doc = first("brands", i * 5);
            writer.replace(
                    "brands",
                    doc.getString("_id"),
                    CatalogDocuments.versionOf(doc),
                    new Document(CatalogDocuments.businessFields(doc)).append("rank", 999),
                    edit);
        }
        for (int i = 0; i < 2; i++) {
            Document doc = first("models", i * 7);
            writer.delete(
                    "models",
                    doc.getString("_id"),
                    CatalogDocuments.versionOf(doc),
                    Attribution.of(Actions.DELETE, "editor"));
        }
        writer.create(
                "engines",
                CatalogWriter.newId(),
                new Document("name", "new engine"),
                Attribution.of(Actions.CREATE, "editor"));
        Document same = first("engines", 3);
        // a write that changes only bookkeeping: the document is identical in business terms
        catalog()
                .getCollection("engines")
                .updateOne(
                        Filters.eq("_id", same.getString("_id")), new Document("$set", new Document("version", 77L)));
    }

    @Test
    void restoreLeavesTheCatalogEqualToTheBackupAndWritesOnlyTheDocumentsThatDiffered() throws Exception {
        Map<String, List<Document>> atBackup = business();
        String id = backupAndWait();
        changeThreeWaysAfterTheBackup();
        catalog().getCollection("brands").dropIndex("brands_name");
        assertThat(business()).isNotEqualTo(atBackup);
        long outboxBefore = catalog().getCollection("outbox").countDocuments();

        Response accepted = post("/api/backups/" + id + "/restore", Map.of("confirm", id, "reason", "bad import"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(json(accepted).get("kind").asString()).isEqualTo("restore");
        assertThat(json(accepted).get("reason").asString()).isEqualTo("bad import");
        var operation = awaitOperation(json(accepted).get("id").asString());
        assertThat(operation.get("status").asString()).as(operation.toString()).isEqualTo("completed");
        assertThat(operation.get("reason").asString()).isEqualTo("bad import");
        assertThat(operation.get("durationMs").asLong()).isNotNegative();
        assertThat(operation.get("outcome").get("backupId").asString()).isEqualTo(id);
        assertThat(operation.get("outcome").get("documentsChanged").asLong()).isEqualTo(6);

        assertThat(business()).isEqualTo(atBackup);
        // 3 updated brands + 2 re-created models + 1 deleted engine; the version-only change is left alone
        List<Document> restoreEntries = outboxEntriesOf(id);
        assertThat(restoreEntries).hasSize(6);
        assertThat(catalog().getCollection("outbox").countDocuments()).isEqualTo(outboxBefore + 6);
        assertThat(restoreEntries).allSatisfy(e -> {
            Document doc = e.get("after", Document.class) != null
                    ? e.get("after", Document.class)
                    : e.get("before", Document.class);
            Document change = doc.get("_change", Document.class);
            assertThat(change.getString("action")).isEqualTo("restore");
            assertThat(change.getString("by")).isEqualTo("admin");
            assertThat(change.getString("reason")).isEqualTo("bad import");
            assertThat(change.get("metadata", Document.class).getString("operationId"))
                    .isEqualTo(json(accepted).get("id").asString());
        });
        var details = operation.get("outcome").get("collections");
        assertThat(details.get("brands").get("changed").asLong()).isEqualTo(3);
        assertThat(details.get("models").get("created").asLong()).isEqualTo(2);
        assertThat(details.get("engines").get("deleted").asLong()).isEqualTo(1);
        assertThat(details.get("engines").get("unchanged").asLong()).isEqualTo(40);
        // indexes recreated from the backup's metadata
        List<String> indexes = new ArrayList<>();
        catalog().getCollection("brands").listIndexes().forEach(i -> indexes.add(i.getString("name")));
        assertThat(indexes).contains("brands_name");
        // a pre-restore backup was taken automatically and the freeze is gone
        String preRestore = operation.get("outcome").get("preRestoreBackupId").asString();
        assertThat(json(get("/api/backups/" + preRestore, "viewer")).get("type").asString())
                .isEqualTo("pre-restore");
        assertThat(catalog().getCollection("maintenance").countDocuments()).isZero();
    }

    @Test
    void restoringTheSameBackupTwiceWritesNothingTheSecondTime() throws Exception {
        String id = backupAndWait();
        long outboxBefore = catalog().getCollection("outbox").countDocuments();
        Response accepted = post("/api/backups/" + id + "/restore", Map.of("confirm", id));
        var operation = awaitOperation(json(accepted).get("id").asString());
        assertThat(operation.get("status").asString()).isEqualTo("completed");
        assertThat(outboxEntriesOf(id)).isEmpty();
        assertThat(catalog().getCollection("outbox").countDocuments()).isEqualTo(outboxBefore);
    }

    @Test
    void backupWithOneFlippedByteIsRefusedAndNoDocumentChanges() throws Exception {
        String id = backupAndWait();
        changeThreeWaysAfterTheBackup();
        List<Document> before = new ArrayList<>();
        Topics.CATALOG_COLLECTIONS.forEach(c -> before.addAll(snapshot(c)));
        long outboxBefore = catalog().getCollection("outbox").countDocuments();
        long backupsBefore = backupDb().getCollection("full_backups").countDocuments();

        Path data = ROOT.resolve(id).resolve("catalog/models.bson.gz");
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
            long at = file.length() / 2;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x10);
        }

        Response refused = post("/api/backups/" + id + "/restore", Map.of("confirm", id));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("failed verification").contains("catalog/models.bson.gz");

        List<Document> after = new ArrayList<>();
        Topics.CATALOG_COLLECTIONS.forEach(c -> after.addAll(snapshot(c)));
        assertThat(after).isEqualTo(before);
        assertThat(catalog().getCollection("outbox").countDocuments()).isEqualTo(outboxBefore);
        assertThat(backupDb().getCollection("full_backups").countDocuments()).isEqualTo(backupsBefore);
        assertThat(catalog().getCollection("maintenance").countDocuments()).isZero();
        assertThat(json(get("/internal/ops/lock", "viewer")).get("held").asBoolean())
                .isFalse();
        var verify = json(post("/api/backups/" + id + "/verify", null));
        assertThat(verify.get("status").asString()).isEqualTo("failed");
        assertThat(verify.get("outcome").get("problems")).isNotEmpty();
    }

    @Test
    void restoreWithoutTheRepeatedIdIsRefusedWith400() throws Exception {
        String id = backupAndWait();
        Response wrong = post("/api/backups/" + id + "/restore", Map.of("confirm", "yes"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("confirm must repeat the backup id");
        Response missing = post("/api/backups/" + id + "/restore", Map.of("reason", "oops"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("confirm");
    }

    @Test
    void catalogWritesAreFrozenWhileARestoreRuns() throws Exception {
        String id = backupAndWait();
        gate.close();
        try {
            Response accepted = post("/api/backups/" + id + "/restore", Map.of("confirm", id));
            assertThat(accepted.status()).isEqualTo(202);
            // the pre-restore backup is held at the gate: the freeze is already set
            assertThat(gate.awaitEntered()).isTrue();
            Document doc = first("brands", 0);
            assertThatThrownBy(() -> writer.replace(
                            "brands",
                            doc.getString("_id"),
                            CatalogDocuments.versionOf(doc),
                            new Document("name", "sneaky"),
                            Attribution.of(Actions.UPDATE, "editor")))
                    .isInstanceOf(WriteFrozenException.class);
            Document freeze = catalog()
                    .getCollection("maintenance")
                    .find(Filters.eq("_id", "write-freeze"))
                    .first();
            assertThat(freeze.getString("operationId"))
                    .isEqualTo(json(accepted).get("id").asString());
            assertThat(freeze.getString("kind")).isEqualTo("restore");
            gate.open();
            assertThat(awaitOperation(json(accepted).get("id").asString())
                            .get("status")
                            .asString())
                    .isEqualTo("completed");
            assertThat(catalog().getCollection("maintenance").countDocuments()).isZero();
        } finally {
            gate.open();
        }
    }

    @Test
    void restoreIsForAdminsOnly() throws Exception {
        String id = backupAndWait();
        Response asEditor = send("POST", "/api/backups/" + id + "/restore", "ed", "editor", Map.of("confirm", id));
        assertThat(asEditor.status()).isEqualTo(403);
        Response backupAsViewer = send("POST", "/api/backups", "v", "viewer", Map.of());
        assertThat(backupAsViewer.status()).isEqualTo(403);
        assertThat(get("/api/backups", "viewer").status()).isEqualTo(200);
    }

    @Test
    void identicalDocumentsIgnoreVersionAndChange() {
        Document a = new Document("_id", "x")
                .append("name", "n")
                .append("version", 1L)
                .append("_change", new Document("by", "a"));
        Document b = new Document("_id", "x")
                .append("name", "n")
                .append("version", 9L)
                .append("_change", new Document("by", "b"));
        assertThat(DifferentialRestore.same(a, b)).isTrue();
        assertThat(DifferentialRestore.same(a, new Document(b).append("name", "m")))
                .isFalse();
    }
}
