package io.backstop.backup.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.bson.BSONException;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.ByteBuf;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.json.JsonMode;
import org.bson.json.JsonParseException;
import org.bson.json.JsonWriterSettings;

import io.backstop.backup.dump.BsonFileReader;
import io.backstop.backup.dump.CorruptBackupException;
import io.backstop.backup.dump.Dumper;
import io.backstop.backup.dump.FileDigests;
import io.backstop.backup.dump.Manifest;
import io.backstop.backup.dump.ManifestIO;
import io.backstop.backup.restore.IdOrder;
import io.backstop.contracts.CatalogFields;
import io.backstop.contracts.Topics;

/**
 * Turns the files of one mongodump of the catalog into a backup directory with the layout every backup has
 * ({@code catalog/<collection>.bson.gz}, {@code .metadata.json.gz}, {@code manifest.json}), so verify, compare
 * and restore need nothing import-specific. The dump's database may have any name (the original system's was
 * not called {@code catalog}); it is mapped to the catalog's. Every document is parsed in full on the way in.
 * Catalog ids are strings, an ObjectId's hex form (docs/architecture.md), and a restore refuses anything else:
 * an ObjectId {@code _id} (what the original system's driver generated) and an ObjectId parent reference
 * ({@code brandId}, {@code modelId}) become that hex string, any other {@code _id} type refuses the import, and
 * every other byte of a document is kept. Documents are written in ascending {@code _id} order, as the built-in
 * dumper writes them, so compare and the streaming restore can read the backup.
 */
final class DumpImporter implements DumpEntries.Visitor {

    static final String TOOL = "mongodump-import";
    /** metadata.json and prelude.json are read whole: mongodump writes a few KB, so this only stops abuse. */
    private static final int MAX_JSON = 16 * 1024 * 1024;

    private static final Pattern FILE = Pattern.compile("(.+)\\.(bson|metadata\\.json)(\\.gz)?");
    private static final BsonDocumentCodec BSON = new BsonDocumentCodec();
    private static final JsonWriterSettings CANONICAL =
            JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private final ImportProperties limits;
    private final Path scratch;
    private final String rootName;
    private final Map<String, Collected> collections = new LinkedHashMap<>();
    private String databaseDir;
    private String sourceTool;
    private long expanded;

    /**
     * @param scratch  an empty directory for the documents while they are sorted
     * @param rootName the name of a registered directory: the database's when the files lie directly in it
     */
    DumpImporter(ImportProperties limits, Path scratch, String rootName) {
        this.limits = limits;
        this.scratch = scratch;
        this.rootName = rootName;
    }

    private record Doc(String id, long offset, int length) {}

    private static final class Collected {
        String dataName;
        Path data;
        List<Doc> docs;
        String metadataName;
        Document metadata;
    }

    @Override
    public void file(String name, InputStream content) throws IOException {
        int slash = name.lastIndexOf('/');
        String dir = slash < 0 ? "" : name.substring(0, slash);
        String file = name.substring(slash + 1);
        if (file.equals("prelude.json") || file.equals("prelude.json.gz")) {
            Object tool = json(name, content, file.endsWith(".gz")).get("ToolVersion");
            sourceTool = tool == null ? null : String.valueOf(tool).replaceAll("[^\\w .:/+-]", "?");
            return;
        }
        if (file.startsWith("oplog.bson")) {
            throw ImportRefusedException.notADump("'" + name + "' is an oplog (mongodump --oplog), which the "
                    + "import does not replay; dump without --oplog.");
        }
        Matcher m = FILE.matcher(file);
        if (!m.matches()) {
            throw ImportRefusedException.notADump("'" + name + "' is not part of a mongodump: a dump holds "
                    + "<db>/<collection>.bson[.gz], <db>/<collection>.metadata.json[.gz] and prelude.json only.");
        }
        String collection = m.group(1);
        if (!Topics.CATALOG_COLLECTIONS.contains(collection)) {
            throw ImportRefusedException.notADump("'" + name + "' holds collection '" + collection + "', which "
                    + "is not in the catalog; only " + String.join(", ", Topics.CATALOG_COLLECTIONS) + " can be "
                    + "imported (mongodump --db=<db> --collection=<name> dumps one collection).");
        }
        inOneDatabase(name, dir);
        Collected c = collections.computeIfAbsent(collection, k -> new Collected());
        boolean gzip = m.group(3) != null;
        if (m.group(2).equals("bson")) {
            if (c.dataName != null) {
                throw twice(c.dataName, name);
            }
            c.dataName = name;
            c.data = scratch.resolve(collection + ".bson");
            c.docs = documents(name, collection, content, gzip, c.data);
        } else {
            if (c.metadataName != null) {
                throw twice(c.metadataName, name);
            }
            c.metadataName = name;
            c.metadata = json(name, content, gzip);
            if (c.metadata.containsKey("indexes") && !(c.metadata.get("indexes") instanceof List)) {
                throw ImportRefusedException.notADump(
                        "'" + name + "' is not mongodump metadata: 'indexes' " + "is not a list.");
            }
        }
    }

    /**
     * Writes the backup into {@code out}, which must be empty, and returns its manifest (also written there).
     */
    Manifest finish(String id, Path out, Instant startedAt, Instant finishedAt) throws IOException {
        for (String collection : Topics.CATALOG_COLLECTIONS) {
            Collected c = collections.get(collection);
            if (c == null || c.dataName == null) {
                throw ImportRefusedException.notADump("The dump has no " + collection + ".bson[.gz]"
                        + (databaseDir == null ? "" : " in '" + databaseDir + "'") + "; a backup holds every catalog "
                        + "collection (" + String.join(", ", Topics.CATALOG_COLLECTIONS) + "), so dump the whole "
                        + "database: an empty collection gives an empty .bson file.");
            }
        }
        List<Manifest.CollectionEntry> entries = new ArrayList<>();
        List<Manifest.FileEntry> files = new ArrayList<>();
        for (String collection : Topics.CATALOG_COLLECTIONS) {
            Collected c = collections.get(collection);
            c.docs.sort(Comparator.comparing(Doc::id, IdOrder.INSTANCE));
            for (int i = 1; i < c.docs.size(); i++) {
                if (c.docs.get(i - 1).id().equals(c.docs.get(i).id())) {
                    throw ImportRefusedException.notADump("'" + c.dataName + "' holds two documents with _id "
                            + c.docs.get(i).id() + " (an ObjectId and its hex string count as one); a collection's "
                            + "_id values are unique.");
                }
            }
            String dataFile = Dumper.dataFile(Topics.CATALOG_DB, collection);
            String metadataFile = Dumper.metadataFile(Topics.CATALOG_DB, collection);
            Files.createDirectories(out.resolve(dataFile).getParent());
            copyInOrder(c, out.resolve(dataFile));
            Document metadata = c.metadata != null
                    ? c.metadata
                    : new Document("options", new Document()).append("indexes", List.of());
            metadata.put("collectionName", collection);
            try (OutputStream gz = new GZIPOutputStream(
                    Files.newOutputStream(out.resolve(metadataFile), StandardOpenOption.CREATE_NEW))) {
                gz.write(metadata.toJson(CANONICAL).getBytes(StandardCharsets.UTF_8));
            }
            FileDigests.FileFacts data = FileDigests.read(out, dataFile);
            if (data.documents() != c.docs.size()) {
                throw new IllegalStateException(
                        dataFile + ": wrote " + c.docs.size() + " documents, read back " + data.documents());
            }
            files.add(data.entry());
            files.add(FileDigests.read(out, metadataFile).entry());
            entries.add(new Manifest.CollectionEntry(collection, data.documents(), dataFile, metadataFile));
        }
        Manifest manifest = new Manifest(
                Manifest.FORMAT_VERSION,
                id,
                Topics.CATALOG_DB,
                sourceTool == null ? TOOL : TOOL + " (" + abbreviate(sourceTool) + ")",
                true,
                startedAt,
                finishedAt,
                null,
                null,
                entries,
                files);
        ManifestIO.write(out, manifest);
        return manifest;
    }

    /** The database directory of every data file must be the same one: which of two would be the catalog? */
    private void inOneDatabase(String name, String dir) {
        if (dir.isEmpty() && rootName == null) {
            throw ImportRefusedException.notADump("'" + name + "' is not inside a database directory; pack the "
                    + "dump as mongodump wrote it: <db>/<collection>.bson.");
        }
        if (databaseDir == null) {
            databaseDir = dir;
        } else if (!databaseDir.equals(dir)) {
            throw ImportRefusedException.notADump("The dump holds more than one database ('" + display(databaseDir)
                    + "' and '" + display(dir) + "'); import a dump of the catalog's database only "
                    + "(mongodump --db=<name>).");
        }
    }

    private String display(String dir) {
        return dir.isEmpty() ? rootName : dir;
    }

    /** Parses every document in full into {@code target}, keeping where each one is for the sort. */
    private List<Doc> documents(String name, String collection, InputStream content, boolean gzip, Path target)
            throws IOException {
        List<Doc> docs = new ArrayList<>();
        String parent = CatalogFields.PARENT_FIELD.get(collection);
        CappedInputStream in = expanding(name, content, gzip);
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            BsonFileReader reader = new BsonFileReader(in, name);
            long offset = 0;
            while (reader.hasNext()) {
                RawBsonDocument raw = reader.next();
                String where = "'" + name + "' document " + (docs.size() + 1);
                BsonDocument doc;
                try {
                    doc = raw.decode(BSON);
                } catch (BSONException | IllegalArgumentException | IllegalStateException e) {
                    throw ImportRefusedException.notADump(
                            where + " is not valid BSON (" + e.getMessage() + "); dump the collection again.");
                }
                String id = catalogId(where, doc.get(CatalogFields.ID));
                boolean rewrite = !doc.get(CatalogFields.ID).isString();
                if (rewrite) {
                    doc.put(CatalogFields.ID, new BsonString(id));
                }
                if (parent != null && doc.get(parent) instanceof BsonObjectId reference) {
                    doc.put(parent, new BsonString(reference.getValue().toHexString()));
                    rewrite = true;
                }
                ByteBuf buf = (rewrite ? new RawBsonDocument(doc, BSON) : raw).getByteBuffer();
                out.write(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
                docs.add(new Doc(id, offset, buf.remaining()));
                offset += buf.remaining();
            }
        } catch (CorruptBackupException e) {
            throw ImportRefusedException.notADump(
                    "'" + name + "' is not a mongodump .bson file: " + e.getMessage() + ".");
        }
        expanded += in.count();
        return docs;
    }

    private static String catalogId(String where, BsonValue id) {
        if (id == null) {
            throw ImportRefusedException.notADump(where + " has no _id; every document a mongodump holds has one.");
        }
        if (id.isString()) {
            return id.asString().getValue();
        }
        if (id.isObjectId()) {
            return id.asObjectId().getValue().toHexString();
        }
        throw ImportRefusedException.notADump(where + " has an _id of type " + id.getBsonType() + "; catalog ids "
                + "are strings (or ObjectIds, imported as their hex form), so the catalog could not hold it.");
    }

    private Document json(String name, InputStream content, boolean gzip) throws IOException {
        CappedInputStream in = expanding(name, content, gzip);
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_JSON + 1);
        } catch (IOException e) {
            throw ImportRefusedException.notADump("'" + name + "' cannot be read (" + e.getMessage() + ").");
        }
        if (bytes.length > MAX_JSON) {
            throw ImportRefusedException.overLimit("'" + name + "' is larger than " + MAX_JSON + " bytes; mongodump "
                    + "writes a few kilobytes of JSON there.");
        }
        expanded += in.count();
        try {
            return Document.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonParseException | BSONException e) {
            throw ImportRefusedException.notADump(
                    "'" + name + "' is not a JSON object as mongodump writes it: " + e.getMessage() + ".");
        }
    }

    /** The file's content as it expands, stopped at the per-file and the total limits. */
    private CappedInputStream expanding(String name, InputStream content, boolean gzip) throws IOException {
        InputStream plain;
        try {
            plain = gzip ? new GZIPInputStream(content, 64 * 1024) : content;
        } catch (IOException e) {
            throw notGzip(name, e);
        }
        long maxFile = limits.maxFileBytes().toBytes();
        long total = limits.maxTotalBytes().toBytes();
        InputStream perFile = new CappedInputStream(
                plain,
                maxFile,
                limit -> ImportRefusedException.overLimit("'" + name + "' expands to more than " + limit
                        + " bytes (backstop.backup.imports.max-file-bytes)."));
        return new CappedInputStream(
                perFile,
                total - expanded,
                limit -> ImportRefusedException.overLimit("The dump's files expand to more than " + total
                        + " bytes together " + "(backstop.backup.imports.max-total-bytes); '" + name + "' went over."));
    }

    private static ImportRefusedException notGzip(String name, IOException e) {
        return ImportRefusedException.notADump("'" + name + "' is not valid gzip (" + e.getMessage() + ").");
    }

    private static ImportRefusedException twice(String first, String second) {
        return ImportRefusedException.notADump(
                "The dump holds '" + first + "' and '" + second + "' for the same " + "collection; keep one.");
    }

    private void copyInOrder(Collected c, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(c.data);
                OutputStream out =
                        new GZIPOutputStream(Files.newOutputStream(target, StandardOpenOption.CREATE_NEW), 64 * 1024)) {
            for (Doc doc : c.docs) {
                ByteBuffer buf = ByteBuffer.allocate(doc.length());
                while (buf.hasRemaining()) {
                    if (in.read(buf, doc.offset() + buf.position()) < 0) {
                        throw new IOException(c.data + " ends before a document it held");
                    }
                }
                out.write(buf.array());
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) : s;
    }
}
