package io.backstop.backup.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.Manifest;
import io.backstop.backup.dump.Verifier;
import io.backstop.backup.restore.BackupSource;

class DumpImporterTest {

    static final String ID = "bk-20261208-000000-abcd";

    @TempDir
    Path tmp;

    ImportProperties limits =
            new ImportProperties(null, DataSize.ofMegabytes(100), DataSize.ofMegabytes(1), DataSize.ofMegabytes(2), 20);

    private Manifest importArchive(byte[] archive) throws IOException {
        Path file = Files.createTempFile(tmp, "upload", "");
        Files.write(file, archive);
        DumpImporter importer = new DumpImporter(limits, Files.createTempDirectory(tmp, "scratch"), null);
        DumpEntries.ofArchive(file, limits.maxEntries(), limits.maxTotalBytes().toBytes(), importer);
        return importer.finish(ID, Files.createDirectory(tmp.resolve("out")), Instant.EPOCH, Instant.EPOCH);
    }

    private Manifest importDirectory(Path dir) throws IOException {
        DumpImporter importer = new DumpImporter(
                limits,
                Files.createTempDirectory(tmp, "scratch"),
                dir.getFileName().toString());
        DumpEntries.ofDirectory(dir, limits.maxEntries(), importer);
        return importer.finish(ID, Files.createDirectory(tmp.resolve("out")), Instant.EPOCH, Instant.EPOCH);
    }

    private ImportRefusedException refused(byte[] archive, HttpStatus status) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> importArchive(archive));
        assertThat(thrown).isInstanceOf(ImportRefusedException.class);
        ImportRefusedException e = (ImportRefusedException) thrown;
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.getMessage()).endsWith("Nothing was imported.");
        return e;
    }

    private List<Object> ids(String collection) {
        List<Object> ids = new ArrayList<>();
        try (BackupSource source = BackupSource.open(tmp.resolve("out/catalog/" + collection + ".bson.gz"))) {
            source.forEachRemaining(d -> ids.add(d.get("_id")));
        }
        return ids;
    }

    private Map<String, byte[]> dump() {
        return Mongodumps.files("dump/", "supreme", true);
    }

    // --- what is accepted

    @Test
    void aTarGzOfAMongodumpBecomesAVerifiedBackupOfTheCatalogInIdOrder() throws IOException {
        Manifest manifest = importArchive(Mongodumps.tgz(dump()));

        assertThat(manifest.database()).isEqualTo("catalog");
        assertThat(manifest.tool()).isEqualTo("mongodump-import (100.10.0)");
        assertThat(manifest.sortedById()).isTrue();
        assertThat(manifest.collections())
                .extracting(Manifest.CollectionEntry::name, Manifest.CollectionEntry::documents)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("brands", 2L),
                        org.assertj.core.groups.Tuple.tuple("models", 2L),
                        org.assertj.core.groups.Tuple.tuple("engines", 3L));
        assertThat(new Verifier(new BackupFiles(tmp.resolve("root")))
                        .verify(tmp.resolve("out"), ID, null)
                        .ok())
                .isTrue();
        // ObjectIds became the catalog's string ids, sorted by their bytes as the server sorts strings
        assertThat(ids("engines")).containsExactly(Mongodumps.E330I.toHexString(), "e-320d", "e-40tfsi");
        assertThat(ids("brands")).containsExactly(Mongodumps.BMW.toHexString(), Mongodumps.AUDI.toHexString());
        try (InputStream in =
                new GZIPInputStream(Files.newInputStream(tmp.resolve("out/catalog/brands.metadata.json.gz")))) {
            Document metadata = Document.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(metadata.getList("indexes", Document.class))
                    .extracting(d -> d.getString("name"))
                    .containsExactly("_id_", "brands_name");
        }
    }

    @Test
    void objectIdReferencesToParentsBecomeStringsAndEveryOtherValueIsKept() throws IOException {
        importArchive(Mongodumps.tgz(dump()));

        List<Document> models = new ArrayList<>();
        try (BackupSource source = BackupSource.open(tmp.resolve("out/catalog/models.bson.gz"))) {
            source.forEachRemaining(models::add);
        }
        assertThat(models)
                .extracting(d -> d.get("brandId"))
                .containsExactly(Mongodumps.BMW.toHexString(), Mongodumps.AUDI.toHexString());
        List<Document> engines = new ArrayList<>();
        try (BackupSource source = BackupSource.open(tmp.resolve("out/catalog/engines.bson.gz"))) {
            source.forEachRemaining(engines::add);
        }
        assertThat(engines.get(0).get("specs", Document.class).get("torque")).isEqualTo(400.5);
        assertThat(engines.get(0).get("hpLong")).isEqualTo(258L);
    }

    @Test
    void anIdTheCatalogCannotHoldIsRefused() {
        Map<String, byte[]> files = new LinkedHashMap<>(dump());
        files.put("dump/supreme/engines.bson.gz", Mongodumps.gzip(Mongodumps.bson(new Document("_id", 7L))));

        assertThat(refused(Mongodumps.tgz(files), HttpStatus.UNPROCESSABLE_CONTENT)
                        .getMessage())
                .contains("engines.bson.gz' document 1 has an _id of type INT64");
    }

    @Test
    void aZipOfAnUncompressedDumpIsReadToo() throws IOException {
        Manifest manifest = importArchive(Mongodumps.zip(Mongodumps.files("", "catalog", false), Map.of()));

        assertThat(manifest.collections())
                .extracting(Manifest.CollectionEntry::documents)
                .containsExactly(2L, 2L, 3L);
    }

    @Test
    void aDirectoryIsReadWhetherItIsTheDumpOrItsDatabase() throws IOException {
        Mongodumps.write(tmp.resolve("in"), dump());
        assertThat(importDirectory(tmp.resolve("in/dump")).collections()).hasSize(3);

        Files.walk(tmp.resolve("out"))
                .sorted(java.util.Comparator.reverseOrder())
                .forEach(p -> p.toFile().delete());
        assertThat(importDirectory(tmp.resolve("in/dump/supreme")).collections())
                .hasSize(3);
    }

    // --- hostile archives

    @Test
    void aZipSlipEntryIsRefused() {
        Map<String, byte[]> files = new LinkedHashMap<>(dump());
        files.put("dump/supreme/../../../etc/cron.d/brands.bson", Mongodumps.bson(new Document("_id", 1)));

        assertThat(refused(Mongodumps.zip(files, Map.of()), HttpStatus.BAD_REQUEST)
                        .getMessage())
                .contains("leads outside the dump");
    }

    @Test
    void anAbsolutePathIsRefused() {
        Map<String, byte[]> files = new LinkedHashMap<>(dump());
        files.put("/tmp/supreme/brands.bson", Mongodumps.bson(new Document("_id", 1)));

        assertThat(refused(Mongodumps.tar(files), HttpStatus.BAD_REQUEST).getMessage())
                .contains("absolute path");
    }

    @Test
    void aSymlinkInATarIsRefused() {
        assertThat(refused(
                                Mongodumps.tar(dump(), Map.of("dump/supreme/engines.bson", "/etc/passwd")),
                                HttpStatus.BAD_REQUEST)
                        .getMessage())
                .contains("is a link");
    }

    @Test
    void aSymlinkInAZipIsRefused() {
        assertThat(refused(Mongodumps.zip(dump(), Map.of("dump/supreme/notes", "/etc/passwd")), HttpStatus.BAD_REQUEST)
                        .getMessage())
                .contains("symbolic link");
    }

    @Test
    void aSymlinkInARegisteredDirectoryIsRefused() throws IOException {
        Mongodumps.write(tmp.resolve("in"), dump());
        Files.writeString(tmp.resolve("secret"), "not for you");
        Files.createSymbolicLink(tmp.resolve("in/dump/supreme/extra.metadata.json"), tmp.resolve("secret"));

        assertThatThrownBy(() -> importDirectory(tmp.resolve("in/dump")))
                .isInstanceOf(ImportRefusedException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void aGzipBombIsStoppedAtTheFileLimit() {
        Document big = new Document("_id", "1").append("pad", "a".repeat(600_000));
        byte[] bomb = Mongodumps.gzip(Mongodumps.bson(big, big.append("_id", "2"), big.append("_id", "3")));
        assertThat(bomb.length).isLessThan(20_000);
        Map<String, byte[]> files = new LinkedHashMap<>(dump());
        files.put("dump/supreme/engines.bson.gz", bomb);

        assertThat(refused(Mongodumps.tgz(files), HttpStatus.CONTENT_TOO_LARGE).getMessage())
                .contains("engines.bson.gz' expands to more than 1048576 bytes");
    }

    @Test
    void filesUnderTheFileLimitAreStoppedAtTheTotalLimit() {
        Document big = new Document("_id", "1").append("pad", "a".repeat(900_000));
        Map<String, byte[]> files = new LinkedHashMap<>(dump());
        files.put("dump/supreme/brands.bson.gz", Mongodumps.gzip(Mongodumps.bson(big)));
        files.put("dump/supreme/models.bson.gz", Mongodumps.gzip(Mongodumps.bson(big)));
        files.put("dump/supreme/engines.bson.gz", Mongodumps.gzip(Mongodumps.bson(big)));

        assertThat(refused(Mongodumps.tgz(files), HttpStatus.CONTENT_TOO_LARGE).getMessage())
                .contains("expand to more than 2097152 bytes together");
    }

    @Test
    void tooManyEntriesAreRefused() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 25; i++) {
            files.put("dump/supreme/empty" + i + "/", new byte[0]);
        }

        assertThat(refused(Mongodumps.tar(files), HttpStatus.CONTENT_TOO_LARGE).getMessage())
                .contains("more than 20 entries");
    }

    @Test
    void aCollectionOutsideTheCatalogIsRefused() {
        Map<String, byte[]> files = new LinkedHashMap<>(dump());
        files.put("dump/supreme/users.bson.gz", Mongodumps.gzip(Mongodumps.bson(new Document("_id", "root"))));

        assertThat(refused(Mongodumps.tgz(files), HttpStatus.UNPROCESSABLE_CONTENT)
                        .getMessage())
                .contains("collection 'users', which is not in the catalog");
    }

    @Test
    void corruptBsonIsRefused() {
        // length and terminator are right, the element type 0x7e is not a BSON type
        byte[] corrupt = {13, 0, 0, 0, 0x7e, 'a', 0, 1, 2, 3, 4, 5, 0};
        Map<String, byte[]> files = new LinkedHashMap<>(dump());
        files.put("dump/supreme/models.bson.gz", Mongodumps.gzip(corrupt));

        assertThat(refused(Mongodumps.tgz(files), HttpStatus.UNPROCESSABLE_CONTENT)
                        .getMessage())
                .contains("models.bson.gz' document 1 is not valid BSON");
    }

    @Test
    void aTruncatedBsonFileIsRefused() {
        byte[] whole = Mongodumps.bson(Mongodumps.models().toArray(Document[]::new));
        Map<String, byte[]> files = new LinkedHashMap<>(dump());
        files.put("dump/supreme/models.bson", java.util.Arrays.copyOf(whole, whole.length - 3));
        files.remove("dump/supreme/models.bson.gz");

        assertThat(refused(Mongodumps.tgz(files), HttpStatus.UNPROCESSABLE_CONTENT)
                        .getMessage())
                .contains("truncated");
    }

    @Test
    void corruptMetadataIsRefused() {
        Map<String, byte[]> files = new LinkedHashMap<>(dump());
        files.put("dump/supreme/brands.metadata.json.gz", Mongodumps.gzip("{\"indexes\": [".getBytes()));

        assertThat(refused(Mongodumps.tgz(files), HttpStatus.UNPROCESSABLE_CONTENT)
                        .getMessage())
                .contains("brands.metadata.json.gz' is not a JSON object");
    }

    @Test
    void aSecondDatabaseIsRefused() {
        Map<String, byte[]> files = new LinkedHashMap<>(dump());
        files.put("dump/admin/brands.bson.gz", Mongodumps.gzip(Mongodumps.bson(new Document("_id", 1))));

        assertThat(refused(Mongodumps.tgz(files), HttpStatus.UNPROCESSABLE_CONTENT)
                        .getMessage())
                .contains("more than one database ('dump/supreme' and 'dump/admin')");
    }

    @Test
    void aMissingCollectionIsRefused() {
        Map<String, byte[]> files = new LinkedHashMap<>(dump());
        files.remove("dump/supreme/engines.bson.gz");

        assertThat(refused(Mongodumps.tgz(files), HttpStatus.UNPROCESSABLE_CONTENT)
                        .getMessage())
                .contains("no engines.bson[.gz] in 'dump/supreme'");
    }

    @Test
    void aDuplicateIdIsRefused() {
        Map<String, byte[]> files = new LinkedHashMap<>(dump());
        files.put(
                "dump/supreme/brands.bson.gz",
                Mongodumps.gzip(Mongodumps.bson(
                        new Document("_id", "x"),
                        new Document("_id", Mongodumps.BMW),
                        new Document("_id", Mongodumps.BMW.toHexString()))));

        assertThat(refused(Mongodumps.tgz(files), HttpStatus.UNPROCESSABLE_CONTENT)
                        .getMessage())
                .contains("two documents with _id " + Mongodumps.BMW.toHexString());
    }

    @Test
    void aTruncatedArchiveIsRefusedAsTheClientsFault() {
        for (byte[] whole : List.of(Mongodumps.tgz(dump()), Mongodumps.zip(dump(), Map.of()))) {
            for (int cut : new int[] {whole.length / 3, whole.length / 2, whole.length - 30}) {
                Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                        () -> importArchive(java.util.Arrays.copyOf(whole, cut)));
                assertThat(thrown)
                        .as("cut at " + cut + " of " + whole.length)
                        .isInstanceOf(ImportRefusedException.class);
                assertThat(((ImportRefusedException) thrown).status().is4xxClientError())
                        .isTrue();
            }
        }
    }

    @Test
    void aTruncatedGzipFileInsideTheArchiveIsRefused() {
        byte[] metadata =
                Mongodumps.gzip(Mongodumps.metadata("supreme", "brands").getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> files = new LinkedHashMap<>(dump());
        files.put("dump/supreme/brands.metadata.json.gz", java.util.Arrays.copyOf(metadata, metadata.length / 2));

        assertThat(refused(Mongodumps.tar(files), HttpStatus.UNPROCESSABLE_CONTENT)
                        .getMessage())
                .contains("brands.metadata.json.gz' cannot be read");
    }

    @Test
    void somethingElseThanAnArchiveIsRefused() {
        assertThat(refused("hello".getBytes(), HttpStatus.BAD_REQUEST).getMessage())
                .contains("not a tar, tar.gz or zip");
        assertThat(refused(new byte[] {0x6d, (byte) 0xe2, (byte) 0x99, (byte) 0x81, 1, 2}, HttpStatus.BAD_REQUEST)
                        .getMessage())
                .contains("mongodump --archive");
    }
}
