package io.backstop.backup.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.bson.Document;
import org.bson.types.ObjectId;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;

import io.backstop.backup.backup.BackupService;
import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.BackupIds;
import io.backstop.backup.dump.Manifest;
import io.backstop.backup.dump.ManifestIO;
import io.backstop.backup.restore.BackupSource;
import io.backstop.backup.restore.IdOrder;
import io.backstop.backup.restore.SortedMerge;
import io.backstop.backup.storage.BackupStorage;
import io.backstop.contracts.CatalogFields;
import io.backstop.contracts.Page;
import io.backstop.contracts.PlainJson;
import io.backstop.contracts.Topics;
import io.backstop.diff.Change;
import io.backstop.diff.DocumentDiff;
import io.backstop.support.ApiException;
import io.backstop.support.Paging;

/**
 * Backup against backup, or backup against the live catalog: every document that differs (from {@code id} to
 * {@code with}), in collection order then {@code _id} order, a page at a time, each with its name and, when
 * changed, its field-level diff from document-diff, the engine the audit trail uses. Both sides are streamed in
 * {@code _id} order from the start for every page, so a page costs one pass over both sides and nothing is held
 * between requests; only the differences of the requested page are diffed field by field.
 */
public class CompareService {

    public static final String LIVE = "live";
    private static final String NAME = "name";

    private final BackupService backups;
    private final BackupFiles files;
    private final MongoDatabase catalog;
    private final BackupStorage storage;

    public CompareService(BackupService backups, BackupFiles files, MongoDatabase catalog, BackupStorage storage) {
        this.storage = storage;
        this.backups = backups;
        this.files = files;
        this.catalog = catalog;
    }

    public record FieldChange(String path, String kind, Object from, Object to) {}

    /**
     * @param change  added (only in {@code with}), removed (only in the backup) or changed
     * @param name    the document's name, from {@code with} where it is there, else from the backup
     * @param changes the field-level diff of a changed document; empty for added and removed ones
     */
    public record Difference(
            String collection, String documentId, String name, String change, List<FieldChange> changes) {}

    public Page<Difference> compare(String id, String with, Integer limit, String cursor) {
        int size = Paging.limit(limit);
        if (with == null || with.isBlank()) {
            throw ApiException.badRequest("with is required: 'live' or another backup id");
        }
        BackupIds.require(id);
        if (!LIVE.equals(with)) {
            BackupIds.require(with);
        }
        Position after = Position.of(Paging.parts(cursor, 5), id, with);
        backups.completed(id);
        if (!LIVE.equals(with)) {
            backups.completed(with);
        }
        Window window = new Window(after, size);
        try (BackupStorage.Staged leftFiles = stage(id);
                BackupStorage.Staged rightFiles = LIVE.equals(with) ? null : stage(with)) {
            Manifest left = sortedManifest(id, leftFiles.dir());
            Manifest right = rightFiles == null ? null : sortedManifest(with, rightFiles.dir());
            List<String> collections = Topics.CATALOG_COLLECTIONS;
            for (int index = 0; index < collections.size(); index++) {
                String collection = collections.get(index);
                try (BackupSource a = open(leftFiles.dir(), left, collection)) {
                    if (right == null) {
                        try (MongoCursor<Document> b = catalog.getCollection(collection)
                                .find()
                                .sort(Sorts.ascending(CatalogFields.ID))
                                .iterator()) {
                            diff(index, collection, a, b, window);
                        }
                    } else {
                        try (BackupSource b = open(rightFiles.dir(), right, collection)) {
                            diff(index, collection, a, b, window);
                        }
                    }
                }
            }
        }
        String next = window.more ? Position.cursor(id, with, window.last) : null;
        return new Page<>(window.items, next, window.total);
    }

    /** Where a page ends: the collection's index and the last listed document's {@code _id}. */
    private record Position(int collection, Object documentId) {

        static Position of(List<String> parts, String id, String with) {
            if (parts == null) {
                return null;
            }
            if (!parts.get(0).equals(id) || !parts.get(1).equals(with)) {
                throw Paging.notIssued();
            }
            try {
                int collection = Integer.parseInt(parts.get(2));
                String value = parts.get(4);
                Object documentId =
                        switch (parts.get(3)) {
                            case "s" -> value;
                            case "o" -> new ObjectId(value);
                            case "n" -> Double.parseDouble(value);
                            default -> throw Paging.notIssued();
                        };
                if (collection < 0 || collection >= Topics.CATALOG_COLLECTIONS.size()) {
                    throw Paging.notIssued();
                }
                return new Position(collection, documentId);
            } catch (IllegalArgumentException e) {
                throw Paging.notIssued();
            }
        }

        static String cursor(String id, String with, Position last) {
            Object value = last.documentId();
            String type = value instanceof ObjectId ? "o" : value instanceof Number ? "n" : "s";
            String text = value instanceof Number n ? String.valueOf(n.doubleValue()) : String.valueOf(value);
            return Paging.cursor(id, with, String.valueOf(last.collection()), type, text);
        }

        boolean before(int collection, Object documentId) {
            return this.collection < collection
                    || this.collection == collection && IdOrder.INSTANCE.compare(this.documentId, documentId) < 0;
        }
    }

    /** The differences of one page, and the count of all of them. */
    private static final class Window {
        final Position after;
        final int size;
        final List<Difference> items = new ArrayList<>();
        long total;
        boolean more;
        Position last;

        Window(Position after, int size) {
            this.after = after;
            this.size = size;
        }

        /** @return true when the difference at this position belongs on the page (and counts it) */
        boolean wants(int collection, Object documentId) {
            total++;
            if (after != null && !after.before(collection, documentId)) {
                return false;
            }
            if (items.size() == size) {
                more = true;
                return false;
            }
            last = new Position(collection, documentId);
            return true;
        }
    }

    private BackupStorage.Staged stage(String id) {
        try {
            return storage.open(id);
        } catch (io.backstop.backup.storage.StorageException e) {
            throw new ApiException(
                    org.springframework.http.HttpStatus.UNPROCESSABLE_CONTENT,
                    "Backup " + id + " cannot be read from its storage: " + e.getMessage());
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
        return BackupSource.open(
                files.fileIn(dir, manifest.collection(collection).dataFile()));
    }

    private static void diff(
            int index, String collection, Iterator<Document> from, Iterator<Document> to, Window window) {
        SortedMerge.merge(from, to, new SortedMerge.Visitor() {
            @Override
            public void onlyDesired(Document d) {
                if (window.wants(index, d.get(CatalogFields.ID))) {
                    window.items.add(difference(collection, d, d, "removed", List.of()));
                }
            }

            @Override
            public void onlyActual(Document a) {
                if (window.wants(index, a.get(CatalogFields.ID))) {
                    window.items.add(difference(collection, a, a, "added", List.of()));
                }
            }

            @Override
            public void both(Document d, Document a) {
                if (DocumentDiff.equalIgnoring(d, a, CatalogFields.BOOKKEEPING)
                        || !window.wants(index, d.get(CatalogFields.ID))) {
                    return;
                }
                List<FieldChange> changes = new ArrayList<>();
                for (Change c : CatalogFields.DIFF.diff(d, a)) {
                    changes.add(
                            new FieldChange(c.path(), c.kind().label(), PlainJson.of(c.from()), PlainJson.of(c.to())));
                }
                window.items.add(difference(collection, d, a, "changed", changes));
            }
        });
    }

    private static Difference difference(
            String collection, Document from, Document to, String change, List<FieldChange> changes) {
        Object name = to.get(NAME) != null ? to.get(NAME) : from.get(NAME);
        return new Difference(
                collection,
                String.valueOf(PlainJson.of(from.get(CatalogFields.ID))),
                name == null ? null : String.valueOf(name),
                change,
                changes);
    }
}
