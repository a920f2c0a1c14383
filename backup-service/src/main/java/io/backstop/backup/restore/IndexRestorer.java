package io.backstop.backup.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;

/**
 * Recreates the indexes a backup's {@code metadata.json} lists and the live collection lacks (as mongorestore does,
 * after the data). Live indexes the backup does not name are left alone: catalog-service creates its own at start-up.
 */
public final class IndexRestorer {

    private static final Logger log = LoggerFactory.getLogger(IndexRestorer.class);

    private final MongoDatabase catalog;

    public IndexRestorer(MongoDatabase catalog) {
        this.catalog = catalog;
    }

    /** @return the names of the indexes created */
    public List<String> restore(String collection, Path metadataFile) throws IOException {
        Document metadata;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(metadataFile))) {
            metadata = Document.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        MongoCollection<Document> live = catalog.getCollection(collection);
        Set<String> existing = new HashSet<>();
        try (MongoCursor<Document> cursor = live.listIndexes().iterator()) {
            cursor.forEachRemaining(i -> existing.add(i.getString("name")));
        }
        List<String> created = new ArrayList<>();
        for (Document index : metadata.getList("indexes", Document.class, List.of())) {
            String name = index.getString("name");
            if (name == null || "_id_".equals(name) || existing.contains(name)) {
                continue;
            }
            IndexOptions options = new IndexOptions()
                    .name(name)
                    .unique(index.getBoolean("unique", false))
                    .sparse(index.getBoolean("sparse", false));
            if (index.get("partialFilterExpression") instanceof Document partial) {
                options.partialFilterExpression(partial);
            }
            if (index.get("expireAfterSeconds") instanceof Number seconds) {
                options.expireAfter(seconds.longValue(), TimeUnit.SECONDS);
            }
            try {
                live.createIndex(index.get("key", Document.class), options);
                created.add(name);
            } catch (MongoException e) {
                log.warn("Index {} of {} from the backup could not be recreated: {}", name, collection, e.getMessage());
            }
        }
        return created;
    }
}
