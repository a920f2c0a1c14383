package io.backstop.backup.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.BackupIds;

/**
 * S3 and S3-compatible object storage (MinIO, Ceph, ...). A backup is {@code <prefix><id>/<file>} per file, the
 * manifest uploaded last. Files are streamed from disk: up to {@code partSize} in one PUT, larger ones as a
 * multipart upload of {@code partSize} parts, each part re-readable from the file for the SDK's retries, so no
 * file is ever held in memory. After upload every object is read back and its SHA-256 compared with the local
 * file's: this checks what the server actually stores, on any S3-compatible server, whatever checksum headers it
 * supports. Reads download into a staging directory under the backup root, removed on close.
 */
public final class S3BackupStorage implements BackupStorage {

    private static final Logger log = LoggerFactory.getLogger(S3BackupStorage.class);
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    static final String SHA256_METADATA = "sha256";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final long partSize;
    private final BackupFiles files;

    /** @param prefix key prefix, empty or ending in {@code /} */
    public S3BackupStorage(S3Client s3, String bucket, String prefix, long partSize, BackupFiles files) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 parts must be at least 5 MiB");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.partSize = partSize;
        this.files = files;
    }

    @Override
    public String kind() {
        return "s3";
    }

    @Override
    public String describe(String id) {
        return "s3://" + bucket + "/" + base(id);
    }

    /**
     * Uploads and verifies every file, the manifest last, then removes the local copy (it only staged the
     * upload). Any failure deletes what was uploaded, so the backup is never listed half-written.
     */
    @Override
    public void store(String id, Runnable checkpoint) {
        Path dir = files.dir(id);
        List<String> relative = relativeFiles(dir);
        if (!relative.remove(BackupFiles.MANIFEST)) {
            throw new StorageException("Backup " + id + " has no manifest, so it was not uploaded");
        }
        relative.add(BackupFiles.MANIFEST);
        try {
            for (String file : relative) {
                checkpoint.run();
                Path local = dir.resolve(file);
                String sha = sha256(local);
                String key = base(id) + file;
                upload(local, key, sha);
                verifyStored(key, sha, Files.size(local));
            }
        } catch (RuntimeException | IOException e) {
            try {
                deleteRemote(id);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("Upload of backup " + id + " to " + describe(id) + " failed: " + message(e), e);
        }
        try {
            files.delete(id);
        } catch (UncheckedIOException e) {
            log.warn(
                    "Backup {} is stored in {} but its local copy could not be removed: {}",
                    id,
                    describe(id),
                    e.getMessage());
        }
    }

    private void upload(Path file, String key, String sha) throws IOException {
        long size = Files.size(file);
        Map<String, String> metadata = Map.of(SHA256_METADATA, sha);
        if (size <= partSize) {
            s3.putObject(
                    b -> b.bucket(bucket).key(key).contentLength(size).metadata(metadata), RequestBody.fromFile(file));
            return;
        }
        String uploadId = s3.createMultipartUpload(
                        b -> b.bucket(bucket).key(key).metadata(metadata))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                long from = offset;
                long length = Math.min(partSize, size - offset);
                int partNumber = number;
                String etag = s3.uploadPart(
                                b -> b.bucket(bucket)
                                        .key(key)
                                        .uploadId(uploadId)
                                        .partNumber(partNumber)
                                        .contentLength(length),
                                RequestBody.fromContentProvider(
                                        () -> slice(file, from, length), length, "application/octet-stream"))
                        .eTag();
                parts.add(CompletedPart.builder()
                        .partNumber(partNumber)
                        .eTag(etag)
                        .build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket)
                    .key(key)
                    .uploadId(uploadId)
                    .multipartUpload(
                            CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    private void verifyStored(String key, String sha, long size) throws IOException {
        MessageDigest digest = newSha256();
        long read;
        try (ResponseInputStream<GetObjectResponse> in =
                        s3.getObject(b -> b.bucket(bucket).key(key));
                DigestInputStream hashed = new DigestInputStream(in, digest)) {
            read = hashed.transferTo(OutputSink.INSTANCE);
        }
        String stored = HexFormat.of().formatHex(digest.digest());
        if (read != size || !stored.equals(sha)) {
            throw new StorageException("Verification after upload failed: s3://" + bucket + "/" + key + " holds " + read
                    + " bytes with SHA-256 " + stored + ", the local file " + size + " bytes with " + sha);
        }
    }

    @Override
    public Staged open(String id) {
        BackupIds.require(id);
        List<String> keys = keys(base(id));
        if (!keys.contains(base(id) + BackupFiles.MANIFEST)) {
            throw new BackupMissingException("backup " + id + " is not in " + describe(id));
        }
        Path staging = files.createStaging(id);
        try {
            for (String key : keys) {
                Path target = files.fileIn(staging, key.substring(base(id).length()));
                Files.createDirectories(target.getParent());
                s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(target));
            }
        } catch (IOException | RuntimeException e) {
            files.deleteStaging(staging);
            if (e instanceof NoSuchKeyException) {
                throw new BackupMissingException(
                        "backup " + id + " disappeared from " + describe(id) + " while it was read");
            }
            throw new StorageException("Reading backup " + id + " from " + describe(id) + " failed: " + message(e), e);
        }
        return new Staged() {
            @Override
            public Path dir() {
                return staging;
            }

            @Override
            public void close() {
                files.deleteStaging(staging);
            }
        };
    }

    @Override
    public void delete(String id) {
        deleteRemote(id);
        files.delete(id);
    }

    /** Manifest first, so a half-deleted backup is no longer listed. */
    private void deleteRemote(String id) {
        List<String> keys = new ArrayList<>(keys(base(id)));
        String manifest = base(id) + BackupFiles.MANIFEST;
        if (keys.remove(manifest)) {
            keys.add(0, manifest);
        }
        try {
            for (String key : keys) {
                s3.deleteObject(b -> b.bucket(bucket).key(key));
            }
        } catch (S3Exception e) {
            throw new StorageException("Deleting backup " + id + " from " + describe(id) + " failed: " + message(e), e);
        }
    }

    @Override
    public List<String> list() {
        String suffix = "/" + BackupFiles.MANIFEST;
        return keys(prefix).stream()
                .filter(k -> k.endsWith(suffix))
                .map(k -> k.substring(prefix.length(), k.length() - suffix.length()))
                .filter(BackupIds::valid)
                .sorted()
                .toList();
    }

    private List<String> keys(String keyPrefix) {
        try {
            return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix)).contents().stream()
                    .map(S3Object::key)
                    .toList();
        } catch (S3Exception e) {
            throw new StorageException("Listing s3://" + bucket + "/" + keyPrefix + " failed: " + message(e), e);
        }
    }

    private String base(String id) {
        return prefix + BackupIds.require(id) + "/";
    }

    private static List<String> relativeFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList());
        } catch (IOException e) {
            throw new StorageException(
                    "Backup directory " + dir.getFileName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputSink.INSTANCE);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** {@code length} bytes of {@code file} from {@code offset}, opened anew for each (re)try of a part. */
    private static InputStream slice(Path file, long offset, long length) {
        try {
            FileChannel channel =
                    FileChannel.open(file, StandardOpenOption.READ).position(offset);
            return new LimitedInputStream(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String message(Exception e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
