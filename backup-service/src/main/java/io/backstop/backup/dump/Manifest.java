package io.backstop.backup.dump;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code manifest.json}, written last into a backup directory: what a verification re-checks.
 *
 * @param sortedById     true when every {@code .bson.gz} holds its documents in ascending {@code _id} order (the Java
 *                       dumper), which lets a restore compare backup and live data as two sorted streams
 * @param auditChainHead the audit trail's global chain head when the dump ended (docs/audit-chain.md), null when
 *                       audit-service did not answer: an anchor kept outside the audit database, against which a
 *                       later rewrite of the trail up to that entry is provable ({@code GET /api/audit/verify?seq=&hash=})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(
        int formatVersion,
        String id,
        String database,
        String tool,
        boolean sortedById,
        Instant startedAt,
        Instant finishedAt,
        Position positionAtStart,
        Position positionAtEnd,
        List<CollectionEntry> collections,
        List<FileEntry> files,
        TrailHead auditChainHead) {

    public static final int FORMAT_VERSION = 1;

    /** A manifest without an anchor (backups made before the trail had one, tests of the dump alone). */
    public Manifest(
            int formatVersion,
            String id,
            String database,
            String tool,
            boolean sortedById,
            Instant startedAt,
            Instant finishedAt,
            Position positionAtStart,
            Position positionAtEnd,
            List<CollectionEntry> collections,
            List<FileEntry> files) {
        this(
                formatVersion,
                id,
                database,
                tool,
                sortedById,
                startedAt,
                finishedAt,
                positionAtStart,
                positionAtEnd,
                collections,
                files,
                null);
    }

    /** The global chain's newest link: {@code seq}, the entry it is, and its {@code chain.hash}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TrailHead(long seq, String entryId, String hash) {}

    public long compressedBytes() {
        return files.stream().mapToLong(FileEntry::compressedBytes).sum();
    }

    public long uncompressedBytes() {
        return files.stream().mapToLong(FileEntry::uncompressedBytes).sum();
    }

    public CollectionEntry collection(String name) {
        return collections.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElse(null);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CollectionEntry(String name, long documents, String dataFile, String metadataFile) {}

    /** {@code path} is relative to the backup directory, with forward slashes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileEntry(String path, String sha256, long compressedBytes, long uncompressedBytes) {}

    /**
     * Where change capture stood: the wall-clock time and the capture sequence counters of the catalog database,
     * so a point-in-time restore knows which audit entries follow the backup.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Position(Instant at, Map<String, Long> counters) {}
}
