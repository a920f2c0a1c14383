package io.backstop.bench.badinput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.bson.Document;
import org.bson.RawBsonDocument;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;

/**
 * What "nothing was written" is measured against: the catalog's documents (count and a hash of their content),
 * the outbox, tombstones, the audit log, the backup records, operations and schedules, and the backup files on
 * disk (names and sizes). Equal snapshots before and after a batch of bad requests mean the batch wrote nothing.
 */
public record StoreSnapshot(Map<String, String> parts) {

    private static final String[] CATALOG_CONTENT = {"brands", "models", "engines"};
    private static final String[] CATALOG_COUNTED = {"outbox", "tombstones"};
    private static final String[] BACKUP_CONTENT = {"full_backups", "schedules"};

    public static StoreSnapshot take(MongoClient client, Path backupRoot) {
        Map<String, String> parts = new LinkedHashMap<>();
        var catalog = client.getDatabase("catalog");
        for (String c : CATALOG_CONTENT) {
            parts.put("catalog." + c, content(catalog.getCollection(c, RawBsonDocument.class)));
        }
        for (String c : CATALOG_COUNTED) {
            parts.put("catalog." + c, "count " + catalog.getCollection(c).countDocuments());
        }
        parts.put(
                "audit.audit_logs",
                "count "
                        + client.getDatabase("audit")
                                .getCollection("audit_logs")
                                .countDocuments());
        var backup = client.getDatabase("backup");
        for (String c : BACKUP_CONTENT) {
            parts.put("backup." + c, content(backup.getCollection(c, RawBsonDocument.class)));
        }
        parts.put(
                "backup.operations",
                "count " + backup.getCollection("operations", Document.class).countDocuments());
        parts.put("files", files(backupRoot));
        return new StoreSnapshot(parts);
    }

    /** The parts that differ from {@code after}, with both values. */
    public Map<String, String> differences(StoreSnapshot after) {
        Map<String, String> diff = new LinkedHashMap<>();
        parts.forEach((k, v) -> {
            String w = after.parts.get(k);
            if (!v.equals(w)) {
                diff.put(k, v + " -> " + w);
            }
        });
        return diff;
    }

    private static String content(MongoCollection<RawBsonDocument> collection) {
        MessageDigest sha = sha256();
        long n = 0;
        try (var cursor = collection.find().sort(Sorts.ascending("_id")).iterator()) {
            while (cursor.hasNext()) {
                RawBsonDocument d = cursor.next();
                sha.update(d.getByteBuffer().asNIO());
                n++;
            }
        }
        return "count " + n + " sha256 "
                + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    private static String files(Path root) {
        if (!Files.isDirectory(root)) {
            return "no backup root";
        }
        MessageDigest sha = sha256();
        long[] n = {0};
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).sorted().forEach(p -> {
                try {
                    sha.update((root.relativize(p) + ":" + Files.size(p) + "\n").getBytes(StandardCharsets.UTF_8));
                    n[0]++;
                } catch (IOException e) {
                    // a file removed while walking is a change as well
                    sha.update(("gone " + p).getBytes(StandardCharsets.UTF_8));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n[0] + " files sha256 " + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
