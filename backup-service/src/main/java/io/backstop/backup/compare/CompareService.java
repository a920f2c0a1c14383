package io.backstop.backup.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;

import io.backstop.backup.backup.BackupService;
import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.BackupIds;
import io.backstop.backup.dump.Manifest;
import io.backstop.backup.dump.ManifestIO;
import io.backstop.backup.restore.BackupSource;
import io.backstop.backup.restore.SortedMerge;
import io.backstop.backup.storage.BackupStorage;
import io.backstop.contracts.CatalogFields;
import io.backstop.contracts.PlainJson;
import io.backstop.contracts.Topics;
import io.backstop.diff.Change;
import io.backstop.diff.DocumentDiff;
import io.backstop.support.ApiException;

/**
 * Backup against backup, or backup against the live catalog: per collection, the ids added, removed and changed
 * (from {@code id} to {@code with}), changed ones with field-level diffs from document-diff, the engine the audit
 * trail uses. Streams both sides in {@code _id} order; only the first {@code limit} ids of each kind are listed.
 */
public class CompareService {

    public static final String LIVE = "live";

    private final BackupService backups;
    private final BackupFiles files;
    private final MongoDatabase catalog;
    private final int maxLimit;
    private final BackupStorage storage;

    public CompareService(BackupService backups, BackupFiles files, MongoDatabase catalog, int maxLimit,
                          BackupStorage storage) {
        this.storage = storage;
        this.backups = backups;
        this.files = files;
        this.catalog = catalog;
        this.maxLimit = maxLimit;
    }

    public record FieldChange(String path, String kind, Object from, Object to) {
    }

    public record Changed(String id, List<FieldChange> changes) {
    }

    public record CollectionDiff(long added, long removed, long changed, long unchanged, List<Object> addedIds,
                                 List<Object> removedIds, List<Changed> changedDocuments, boolean truncated) {
    }

    public record Comparison(String id, String with, int limit, Map<String, CollectionDiff> collections) {
    }

    public Comparison compare(String id, String with, Integer limit) {
        int cap = limit == null ? maxLimit : limit;
        if (cap < 1 || cap > maxLimit) {
            throw ApiException.badRequest("limit must be between 1 and " + maxLimit);
        }
        if (with == null || with.isBlank()) {
            throw ApiException.badRequest("with is required: 'live' or another backup id");
        }
        BackupIds.require(id);
        backups.completed(id);
        if (!LIVE.equals(with)) {
            BackupIds.require(with);
            backups.completed(with);
        }
        try (BackupStorage.Staged leftFiles = stage(id);
             BackupStorage.Staged rightFiles = LIVE.equals(with) ? null : stage(with)) {
            Manifest left = sortedManifest(id, leftFiles.dir());
            Manifest right = rightFiles == null ? null : sortedManifest(with, rightFiles.dir());
            Map<String, CollectionDiff> result = new LinkedHashMap<>();
            for (String collection : Topics.CATALOG_COLLECTIONS) {
                try (BackupSource a = open(leftFiles.dir(), left, collection)) {
                    if (right == null) {
                        try (MongoCursor<Document> b = catalog.getCollection(collection).find()
                                .sort(Sorts.ascending(CatalogFields.ID)).iterator()) {
                            result.put(collection, diff(a, b, cap));
                        }
                    }
                    else {
                        try (BackupSource b = open(rightFiles.dir(), right, collection)) {
                            result.put(collection, diff(a, b, cap));
                        }
                    }
                }
            }
            return new Comparison(id, with, cap, result);
        }
    }

    private BackupStorage.Staged stage(String id) {
        try {
            return storage.open(id);
        }
        catch (io.backstop.backup.storage.StorageException e) {
            throw new ApiException(org.springframework.http.HttpStatus.UNPROCESSABLE_CONTENT, "Backup " + id
                    + " cannot be read from its storage: " + e.getMessage());
        }
    }

    private Manifest sortedManifest(String id, Path dir) {
        Manifest manifest = ManifestIO.read(dir);
        if (!manifest.sortedById()) {
            throw ApiException.conflict("Backup " + id + " was written by " + manifest.tool() + " without _id order; "
                    + "compare needs backups written by the built-in dumper");
        }
        return manifest;
    }

    private BackupSource open(Path dir, Manifest manifest, String collection) {
        return BackupSource.open(files.fileIn(dir, manifest.collection(collection).dataFile()));
    }

    private static CollectionDiff diff(Iterator<Document> from, Iterator<Document> to, int cap) {
        long[] counts = new long[4];
        List<Object> added = new ArrayList<>();
        List<Object> removed = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        SortedMerge.merge(from, to, new SortedMerge.Visitor() {
            @Override
            public void onlyDesired(Document d) {
                counts[1]++;
                if (removed.size() < cap) {
                    removed.add(PlainJson.of(d.get(CatalogFields.ID)));
                }
            }

            @Override
            public void onlyActual(Document a) {
                counts[0]++;
                if (added.size() < cap) {
                    added.add(PlainJson.of(a.get(CatalogFields.ID)));
                }
            }

            @Override
            public void both(Document d, Document a) {
                if (DocumentDiff.equalIgnoring(d, a, CatalogFields.BOOKKEEPING)) {
                    counts[3]++;
                    return;
                }
                counts[2]++;
                if (changed.size() < cap) {
                    List<FieldChange> changes = new ArrayList<>();
                    for (Change c : CatalogFields.DIFF.diff(d, a)) {
                        changes.add(new FieldChange(c.path(), c.kind().label(), PlainJson.of(c.from()),
                                PlainJson.of(c.to())));
                    }
                    changed.add(new Changed(String.valueOf(PlainJson.of(d.get(CatalogFields.ID))), changes));
                }
            }
        });
        boolean truncated = counts[0] > added.size() || counts[1] > removed.size() || counts[2] > changed.size();
        return new CollectionDiff(counts[0], counts[1], counts[2], counts[3], added, removed, changed, truncated);
    }
}
