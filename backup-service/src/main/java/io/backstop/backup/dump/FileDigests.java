package io.backstop.backup.dump;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Re-reads a backup file in one streaming pass: SHA-256 of the bytes on disk, the uncompressed size and, for a
 * {@code .bson[.gz]} file, the number of documents (every document fully parsed for length and terminator).
 */
public final class FileDigests {

    private FileDigests() {}

    public record FileFacts(Manifest.FileEntry entry, long documents) {}

    public static FileFacts read(Path dir, String relativePath) {
        Path file = dir.resolve(relativePath);
        MessageDigest digest = HashingWriter.sha256();
        try (CountingInputStream onDisk = new CountingInputStream(Files.newInputStream(file));
                DigestInputStream hashed = new DigestInputStream(onDisk, digest)) {
            boolean gzip = relativePath.endsWith(".gz");
            CountingInputStream plain = new CountingInputStream(gzip ? new GZIPInputStream(hashed, 64 * 1024) : hashed);
            long documents = 0;
            if (relativePath.endsWith(".bson") || relativePath.endsWith(".bson.gz")) {
                BsonFileReader reader = new BsonFileReader(plain, relativePath);
                while (reader.hasNext()) {
                    reader.next();
                    documents++;
                }
            } else {
                plain.transferTo(OutputStreamSink.INSTANCE);
            }
            // the gzip trailer and anything after it must go through the digest too
            hashed.transferTo(OutputStreamSink.INSTANCE);
            String sha = HexFormat.of().formatHex(digest.digest());
            return new FileFacts(new Manifest.FileEntry(relativePath, sha, onDisk.count(), plain.count()), documents);
        } catch (IOException e) {
            throw new CorruptBackupException(relativePath + " cannot be read: " + e.getMessage());
        }
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
