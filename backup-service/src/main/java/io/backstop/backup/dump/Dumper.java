package io.backstop.backup.dump;

import java.nio.file.Path;
import java.util.List;

/** Writes the catalog's business collections into a directory in mongodump's {@code --gzip} layout. */
public interface Dumper {

    /** Relative path of a collection's data file. */
    static String dataFile(String database, String collection) {
        return database + "/" + collection + ".bson.gz";
    }

    static String metadataFile(String database, String collection) {
        return database + "/" + collection + ".metadata.json.gz";
    }

    DumpResult dump(Path dir, Progress progress) throws Exception;

    /** Called between documents; may throw to abort (e.g. the lease was lost). */
    @FunctionalInterface
    interface Progress {
        void dumped(String collection, long documents, long expectedTotal, long dumpedTotal);
    }

    record DumpResult(
            String tool,
            boolean sortedById,
            List<Manifest.CollectionEntry> collections,
            List<Manifest.FileEntry> files) {}
}
