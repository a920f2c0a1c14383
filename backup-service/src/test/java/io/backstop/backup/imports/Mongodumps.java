package io.backstop.backup.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.bson.ByteBuf;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.types.ObjectId;

/**
 * mongodump directories and archives of them as mongodump would write them: BSON from the driver's codecs,
 * concatenated, and Extended JSON metadata; and hostile variants.
 */
public final class Mongodumps {

    /** {_id: ObjectId} brands, {_id: String} models, engines with int, long and String _ids, in no order. */
    public static final ObjectId BMW = new ObjectId("65a000000000000000000001");
    public static final ObjectId AUDI = new ObjectId("65a000000000000000000002");

    private Mongodumps() {
    }

    public static List<Document> brands() {
        return List.of(new Document("_id", AUDI).append("name", "Audi").append("position", 1),
                new Document("_id", BMW).append("name", "BMW").append("position", 0)
                        .append("founded", new Date(0)).append("tags", List.of("de", "premium")));
    }

    public static List<Document> models() {
        return List.of(new Document("_id", "m-3er").append("brandId", BMW.toHexString()).append("name", "3 Series"),
                new Document("_id", "m-a4").append("brandId", AUDI.toHexString()).append("name", "A4"));
    }

    public static List<Document> engines() {
        return List.of(new Document("_id", 7L).append("modelId", "m-3er").append("name", "330i")
                        .append("specs", new Document("hp", 258).append("torque", 400.5)),
                new Document("_id", "e-320d").append("modelId", "m-3er").append("name", "320d"),
                new Document("_id", 3).append("modelId", "m-a4").append("name", "40 TFSI"));
    }

    public static Map<String, List<Document>> catalog() {
        Map<String, List<Document>> all = new LinkedHashMap<>();
        all.put("brands", brands());
        all.put("models", models());
        all.put("engines", engines());
        return all;
    }

    /** {@code <prefix><db>/<collection>.bson[.gz]} and {@code .metadata.json[.gz]} for each collection. */
    public static Map<String, byte[]> files(String prefix, String db, boolean gzip) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String gz = gzip ? ".gz" : "";
        catalog().forEach((collection, docs) -> {
            byte[] data = bson(docs.toArray(Document[]::new));
            byte[] metadata = metadata(db, collection).getBytes(StandardCharsets.UTF_8);
            files.put(prefix + db + "/" + collection + ".bson" + gz, gzip ? gzip(data) : data);
            files.put(prefix + db + "/" + collection + ".metadata.json" + gz, gzip ? gzip(metadata) : metadata);
        });
        files.put(prefix + "prelude.json", "{\"ServerVersion\":\"7.0.14\",\"ToolVersion\":\"100.10.0\"}"
                .getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** As mongodump 100.x writes it (canonical Extended JSON, one unique index besides _id on brands). */
    static String metadata(String db, String collection) {
        String extra = collection.equals("brands")
                ? ",{\"v\":{\"$numberInt\":\"2\"},\"key\":{\"name\":{\"$numberInt\":\"1\"}},\"name\":\"brands_name\","
                        + "\"unique\":true}" : "";
        return "{\"indexes\":[{\"v\":{\"$numberInt\":\"2\"},\"key\":{\"_id\":{\"$numberInt\":\"1\"}},"
                + "\"name\":\"_id_\"}" + extra + "],\"uuid\":\"0c6d6a5e8a1f4bd0a9e8b3d6f0a1b2c3\","
                + "\"collectionName\":\"" + collection + "\",\"type\":\"collection\",\"options\":{}}";
    }

    public static byte[] bson(Document... docs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Document doc : docs) {
            ByteBuf buf = new RawBsonDocument(doc, new DocumentCodec()).getByteBuffer();
            out.write(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A tar of regular files; names are written as given (absolute ones too). */
    public static byte[] tar(Map<String, byte[]> files) {
        return tar(files, Map.of());
    }

    /** @param symlinks entry name to link target, added after the files */
    public static byte[] tar(Map<String, byte[]> files, Map<String, String> symlinks) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, String> link : symlinks.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(link.getKey(), TarConstants.LF_SYMLINK);
                entry.setLinkName(link.getValue());
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] tgz(Map<String, byte[]> files) {
        return gzip(tar(files));
    }

    /** @param symlinks entry name to link target, stored as Info-ZIP does (unix mode with the link flag) */
    public static byte[] zip(Map<String, byte[]> files, Map<String, String> symlinks) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeArchiveEntry();
            }
            for (Map.Entry<String, String> link : symlinks.entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(link.getKey());
                entry.setUnixMode(UnixStat.LINK_FLAG | 0777);
                zip.putArchiveEntry(entry);
                zip.write(link.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes the files below {@code dir}, as mongodump --out=dir would have. */
    public static void write(Path dir, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
    }
}
