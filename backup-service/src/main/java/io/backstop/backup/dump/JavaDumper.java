package io.backstop.backup.dump;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;

import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.ByteBuf;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.backstop.contracts.MongoFields;
import io.backstop.contracts.Topics;

/**
 * The built-in dumper: streams each collection through a cursor of raw BSON straight into gzip, so memory stays
 * constant whatever the size of the database. Documents are written in ascending {@code _id} order, which
 * mongorestore does not care about and a differential restore relies on.
 */
public final class JavaDumper implements Dumper {

    public static final String TOOL = "backstop-java-dumper/1";
    /** Documents per round trip: about 400 KB of engines, so memory stays flat at any catalog size. */
    private static final int BATCH = 1000;

    private static final JsonWriterSettings CANONICAL =
            JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private final MongoDatabase catalog;
    private final List<String> collections;
    private final Executor drainers;

    /** @param drainers where the gzip of each file runs beside the cursor: must start a task at once */
    public JavaDumper(MongoDatabase catalog, Executor drainers) {
        this(catalog, Topics.CATALOG_COLLECTIONS, drainers);
    }

    JavaDumper(MongoDatabase catalog, List<String> collections, Executor drainers) {
        this.catalog = catalog;
        this.collections = List.copyOf(collections);
        this.drainers = drainers;
    }

    @Override
    public DumpResult dump(Path dir, Progress progress) throws IOException {
        String db = catalog.getName();
        long expected = collections.stream()
                .mapToLong(c -> catalog.getCollection(c).estimatedDocumentCount())
                .sum();
        long total = 0;
        List<Manifest.CollectionEntry> entries = new ArrayList<>();
        List<Manifest.FileEntry> files = new ArrayList<>();
        for (String collection : collections) {
            long count = 0;
            String dataFile = Dumper.dataFile(db, collection);
            try (HashingWriter writer = new HashingWriter(dir, dataFile, true, drainers)) {
                OutputStream out = writer.stream();
                try (MongoCursor<RawBsonDocument> cursor = catalog.getCollection(collection, RawBsonDocument.class)
                        .find()
                        .sort(Sorts.ascending(MongoFields.ID))
                        .batchSize(BATCH)
                        .iterator()) {
                    while (cursor.hasNext()) {
                        // a raw document's buffer wraps its own byte array: written from there, without a copy
                        ByteBuf buf = cursor.next().getByteBuffer();
                        out.write(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
                        count++;
                        total++;
                        if (count % 500 == 0) {
                            progress.dumped(collection, count, expected, total);
                        }
                    }
                }
                writer.close();
                files.add(writer.entry());
            }
            progress.dumped(collection, count, expected, total);
            String metadataFile = Dumper.metadataFile(db, collection);
            try (HashingWriter writer = new HashingWriter(dir, metadataFile, true, drainers)) {
                writer.stream().write(metadata(collection).toJson(CANONICAL).getBytes(StandardCharsets.UTF_8));
                writer.close();
                files.add(writer.entry());
            }
            entries.add(new Manifest.CollectionEntry(collection, count, dataFile, metadataFile));
        }
        try (HashingWriter writer = new HashingWriter(dir, BackupFiles.PRELUDE, false, drainers)) {
            Document prelude = new Document("ServerVersion", serverVersion()).append("ToolVersion", TOOL);
            writer.stream().write(prelude.toJson().getBytes(StandardCharsets.UTF_8));
            writer.close();
            files.add(writer.entry());
        }
        return new DumpResult(TOOL, true, entries, files);
    }

    /** mongodump's {@code <coll>.metadata.json}: {options, indexes, uuid, collectionName, type}. */
    Document metadata(String collection) {
        Document info = null;
        try (MongoCursor<Document> cursor =
                catalog.listCollections().filter(Filters.eq("name", collection)).iterator()) {
            if (cursor.hasNext()) {
                info = cursor.next();
            }
        }
        Document options = info == null ? new Document() : info.get("options", new Document());
        List<Document> indexes = new ArrayList<>();
        if (info != null) {
            try (MongoCursor<Document> cursor =
                    catalog.getCollection(collection).listIndexes().iterator()) {
                // modern servers no longer report "ns" per index and mongorestore ignores it
                cursor.forEachRemaining(index -> {
                    index.remove("ns");
                    indexes.add(index);
                });
            }
        }
        Document metadata = new Document("options", options).append("indexes", indexes);
        String uuid = uuid(info);
        if (uuid != null) {
            metadata.append("uuid", uuid);
        }
        return metadata.append("collectionName", collection).append("type", "collection");
    }

    private static String uuid(Document info) {
        if (info == null || !(info.get("info") instanceof Document details)) {
            return null;
        }
        Object uuid = details.get("uuid");
        if (uuid instanceof java.util.UUID u) {
            return u.toString().replace("-", "");
        }
        if (uuid instanceof org.bson.types.Binary b && b.getType() == BsonBinarySubType.UUID_STANDARD.getValue()) {
            return HexFormat.of().formatHex(b.getData());
        }
        if (uuid instanceof BsonBinary b) {
            return HexFormat.of().formatHex(b.getData());
        }
        return null;
    }

    private String serverVersion() {
        try {
            Document info = catalog.runCommand(new Document("buildInfo", 1));
            return info.getString("version");
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
