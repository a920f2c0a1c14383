package io.backstop.backup.dump;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one gzip file in a single pass while computing the SHA-256 of the bytes on disk and both sizes:
 * file &lt;- counter &lt;- digest &lt;- gzip &lt;- counter &lt;- (another thread) &lt;- caller. Nothing is held in memory but
 * buffers.
 */
final class HashingWriter implements AutoCloseable {

    private final String relativePath;
    private final MessageDigest digest;
    private final CountingOutputStream compressed;
    private final CountingOutputStream uncompressed;
    private final OutputStream out;
    private Manifest.FileEntry entry;

    HashingWriter(Path dir, String relativePath, boolean gzip, Executor drainers) throws IOException {
        this.relativePath = relativePath;
        this.digest = sha256();
        Path file = dir.resolve(relativePath);
        Files.createDirectories(file.getParent());
        this.compressed = new CountingOutputStream(
                Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        OutputStream hashed = new DigestOutputStream(compressed, digest);
        this.uncompressed = new CountingOutputStream(gzip ? new FastGzip(hashed) : hashed);
        // compressing takes about as long as reading the documents: on its own thread the two overlap
        this.out = gzip
                ? new PipelinedOutputStream(uncompressed, "gzip " + relativePath, drainers)
                : new BufferedOutputStream(uncompressed, 64 * 1024);
    }

    /**
     * gzip at level 1 rather than the default 6: the whole admin panel is locked while a backup runs, and the dump
     * is bound by the CPU that compresses it. On the benchmark's engine documents (9.2 MB of BSON) level 1 ran at
     * 57 MB/s against 22 MB/s for level 6, for 1.19 MB of output instead of 0.88 MB. Any gzip reader, including
     * mongorestore --gzip, reads either.
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    OutputStream stream() {
        return out;
    }

    @Override
    public void close() throws IOException {
        if (entry != null) {
            return;
        }
        out.close();
        entry = new Manifest.FileEntry(
                relativePath, HexFormat.of().formatHex(digest.digest()), compressed.count(), uncompressed.count());
    }

    /** Available after {@link #close()}. */
    Manifest.FileEntry entry() {
        return entry;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
