package io.backstop.backup.pitr;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;

import org.bson.Document;

import io.backstop.backup.restore.BackupSource;
import io.backstop.backup.restore.IdOrder;
import io.backstop.contracts.CatalogFields;

/**
 * A backup's documents in {@code _id} order with the final state of every document the audit trail changed after
 * it laid over them: a changed document replaces the backup's, a deleted one (null) disappears, a created one is
 * inserted in order. Holds only the changed documents in memory.
 */
final class OverlaySource implements Iterator<Document>, AutoCloseable {

    private final BackupSource backup;
    private final Iterator<Map.Entry<String, Document>> overlay;
    private final NavigableMap<String, Document> changes;
    private Document nextBackup;
    private Map.Entry<String, Document> nextOverlay;
    private Document next;

    OverlaySource(BackupSource backup, NavigableMap<String, Document> changes) {
        this.backup = backup;
        this.changes = changes;
        this.overlay = changes.entrySet().iterator();
        this.nextBackup = backup.hasNext() ? backup.next() : null;
        this.nextOverlay = overlay.hasNext() ? overlay.next() : null;
    }

    @Override
    public boolean hasNext() {
        while (next == null && (nextBackup != null || nextOverlay != null)) {
            int cmp = nextBackup == null
                    ? 1
                    : nextOverlay == null
                            ? -1
                            : IdOrder.INSTANCE.compare(nextBackup.get(CatalogFields.ID), nextOverlay.getKey());
            if (cmp < 0) {
                next = nextBackup;
                nextBackup = backup.hasNext() ? backup.next() : null;
            } else {
                next = nextOverlay.getValue();
                if (cmp == 0) {
                    nextBackup = backup.hasNext() ? backup.next() : null;
                }
                nextOverlay = overlay.hasNext() ? overlay.next() : null;
            }
        }
        return next != null;
    }

    @Override
    public Document next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Document doc = next;
        next = null;
        return doc;
    }

    int changes() {
        return changes.size();
    }

    @Override
    public void close() {
        backup.close();
    }
}
