package io.backstop.backup.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.bson.BsonBinaryReader;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.backstop.contracts.Topics;
import io.backstop.infra.EmbeddedMongo;

class JavaDumperIT {

    private static EmbeddedMongo mongo;
    private static MongoClient client;
    private static ThreadPoolTaskExecutor drainers;
    private MongoDatabase catalog;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        mongo = EmbeddedMongo.inMemory();
        client = MongoClients.create(mongo.connectionString());
        drainers = DumpConfiguration.drainers(new ThreadPoolTaskExecutorBuilder());
        drainers.initialize();
    }

    @AfterAll
    static void stop() {
        drainers.shutdown();
        client.close();
        mongo.close();
    }

    @BeforeEach
    void seed() {
        catalog = client.getDatabase("catalog");
        catalog.drop();
        List<Document> brands = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            brands.add(new Document("_id", String.format("%024x", 5000 - i))
                    .append("name", "Brand " + i)
                    .append("founded", 1900 + i % 100)
                    .append("version", 1L)
                    .append("tags", List.of("a", "b"))
                    .append("at", new java.util.Date(1_700_000_000_000L + i)));
        }
        catalog.getCollection("brands").insertMany(brands);
        catalog.getCollection("brands")
                .createIndex(
                        Indexes.ascending("name"),
                        new IndexOptions().unique(true).name("name_unique"));
        catalog.getCollection("models").insertOne(new Document("_id", "0000000000000000000000aa").append("name", "M"));
    }

    private Dumper.DumpResult dump() throws IOException {
        return new JavaDumper(catalog, drainers).dump(dir, (c, d, e, t) -> {});
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    @Test
    void bsonFilesAreConcatenatedBsonTheDriverDecodesBackInIdOrder() throws IOException {
        dump();
        byte[] bytes = gunzip(dir.resolve("catalog/brands.bson.gz"));
        List<BsonDocument> decoded = new ArrayList<>();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            try (BsonBinaryReader reader = new BsonBinaryReader(buffer)) {
                decoded.add(new BsonDocumentCodec()
                        .decode(reader, DecoderContext.builder().build()));
            }
        }
        assertThat(decoded).hasSize(1200);
        List<String> ids =
                decoded.stream().map(d -> d.getString("_id").getValue()).toList();
        assertThat(ids).isSorted();
        BsonDocument first = decoded.get(0);
        assertThat(first.get("version").isInt64()).isTrue();
        assertThat(first.get("at").isDateTime()).isTrue();
        assertThat(first.getArray("tags")).hasSize(2);
    }

    @Test
    void metadataHasMongodumpsShapeInCanonicalExtendedJson() throws IOException {
        dump();
        String json = new String(gunzip(dir.resolve("catalog/brands.metadata.json.gz")), StandardCharsets.UTF_8);
        Document metadata = Document.parse(json);
        assertThat(metadata.keySet()).containsSubsequence("options", "indexes", "collectionName", "type");
        assertThat(metadata.getString("collectionName")).isEqualTo("brands");
        assertThat(metadata.getString("type")).isEqualTo("collection");
        assertThat(metadata.get("options", Document.class)).isNotNull();
        List<Document> indexes = metadata.getList("indexes", Document.class);
        assertThat(indexes).extracting(i -> i.getString("name")).contains("_id_", "name_unique");
        Document unique = indexes.stream()
                .filter(i -> "name_unique".equals(i.getString("name")))
                .findFirst()
                .orElseThrow();
        assertThat(unique.get("key", Document.class)).isEqualTo(new Document("name", 1));
        assertThat(unique.getBoolean("unique")).isTrue();
        assertThat(indexes)
                .allSatisfy(i -> assertThat(i).containsKeys("v", "key", "name").doesNotContainKey("ns"));
        // canonical mode: numbers carry their BSON type, as mongodump writes them
        assertThat(json).contains("\"v\": {\"$numberInt\"");
    }

    @Test
    void everyCatalogCollectionIsDumpedEvenWhenEmptyAndPreludeNamesTheTool() throws IOException {
        Dumper.DumpResult result = dump();
        assertThat(result.collections())
                .extracting(Manifest.CollectionEntry::name)
                .containsExactlyElementsOf(Topics.CATALOG_COLLECTIONS);
        assertThat(result.collections())
                .extracting(Manifest.CollectionEntry::documents)
                .containsExactly(1200L, 1L, 0L);
        assertThat(Files.exists(dir.resolve("catalog/engines.bson.gz"))).isTrue();
        assertThat(Files.readString(dir.resolve("prelude.json"))).contains("ToolVersion", JavaDumper.TOOL);
    }

    @Test
    void recordedChecksumsAndSizesMatchTheFilesOnDisk() throws IOException {
        Dumper.DumpResult result = dump();
        for (Manifest.FileEntry entry : result.files()) {
            FileDigests.FileFacts facts = FileDigests.read(dir, entry.path());
            assertThat(facts.entry()).isEqualTo(entry);
        }
    }

    private Path publishedBackup(BackupFiles files, String id) throws IOException {
        Path partial = files.createPartial(id);
        Dumper.DumpResult result = new JavaDumper(catalog, drainers).dump(partial, (c, d, e, t) -> {});
        ManifestIO.write(
                partial,
                new Manifest(
                        Manifest.FORMAT_VERSION,
                        id,
                        "catalog",
                        result.tool(),
                        true,
                        Instant.now(),
                        Instant.now(),
                        null,
                        null,
                        result.collections(),
                        result.files()));
        return files.publish(id);
    }

    @Test
    void verificationPassesForAnIntactBackupAndCatchesOneFlippedByte() throws IOException {
        BackupFiles files = new BackupFiles(dir.resolve("root"));
        String id = "bk-20261126-103000-ab12";
        Path backup = publishedBackup(files, id);
        Verifier verifier = new Verifier(files);
        assertThat(verifier.verify(id, null).ok()).isTrue();
        assertThat(verifier.verify(id, null).documents()).isEqualTo(1201);

        Path data = backup.resolve("catalog/brands.bson.gz");
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0x01);
        }
        Verifier.Report report = verifier.verify(id, null);
        assertThat(report.ok()).isFalse();
        assertThat(report.problems()).anyMatch(p -> p.contains("catalog/brands.bson.gz"));
    }

    @Test
    void verificationCatchesATruncatedFile() throws IOException {
        BackupFiles files = new BackupFiles(dir.resolve("root"));
        String id = "bk-20261126-103000-cd34";
        Path backup = publishedBackup(files, id);
        Path data = backup.resolve("catalog/brands.bson.gz");
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
            file.setLength(file.length() - 100);
        }
        assertThat(new Verifier(files).verify(id, null).ok()).isFalse();
    }

    @Test
    void verificationRefusesAManifestThatDisagreesWithTheRecordedChecksums() throws IOException {
        BackupFiles files = new BackupFiles(dir.resolve("root"));
        String id = "bk-20261126-103000-ef56";
        publishedBackup(files, id);
        Manifest manifest = ManifestIO.read(files.dir(id));
        Map<String, String> recorded = new java.util.LinkedHashMap<>();
        manifest.files().forEach(f -> recorded.put(f.path(), f.sha256()));
        assertThat(new Verifier(files).verify(id, recorded).ok()).isTrue();
        recorded.put("catalog/models.bson.gz", "00".repeat(32));
        assertThat(new Verifier(files).verify(id, recorded).problems())
                .anyMatch(p -> p.contains("catalog/models.bson.gz") && p.contains("recorded"));
    }
}
