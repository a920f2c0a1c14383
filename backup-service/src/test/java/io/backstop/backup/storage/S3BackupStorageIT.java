package io.backstop.backup.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import io.backstop.backup.dump.BackupFiles;

/** The contract against LocalS3 on loopback, plus what only object storage can get wrong. */
class S3BackupStorageIT extends BackupStorageContract {

    private static final String PREFIX = "team/backups/";
    private final S3Faults faults = new S3Faults();
    private String bucket;
    private S3Client admin;
    private S3Client client;

    @Override
    protected BackupStorage create(BackupFiles files) {
        bucket = "backstop-" + UUID.randomUUID().toString().substring(0, 8);
        admin = S3TestServer.shared().client(bucket);
        client = S3Clients.builder(S3TestServer.shared().settings(bucket, PREFIX))
                .overrideConfiguration(c -> c.addExecutionInterceptor(faults))
                .build();
        return new S3BackupStorage(client, bucket, PREFIX, S3BackupStorage.MIN_PART_SIZE, files);
    }

    @AfterEach
    void closeClients() {
        client.close();
        admin.close();
    }

    private java.util.List<String> keys() {
        return admin.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    @Test
    void objectsLandUnderThePrefixWithTheirSha256AndTheLocalCopyIsRemoved() throws IOException {
        String id = nextId();
        publish(id, 1000);
        storage.store(id, () -> {});
        assertThat(keys())
                .containsExactlyInAnyOrder(
                        PREFIX + id + "/catalog/brands.bson.gz",
                        PREFIX + id + "/catalog/brands.metadata.json",
                        PREFIX + id + "/prelude.json",
                        PREFIX + id + "/manifest.json");
        var head = admin.headObject(b -> b.bucket(bucket).key(PREFIX + id + "/prelude.json"));
        assertThat(head.metadata().get("sha256")).hasSize(64);
        assertThat(files.dir(id)).doesNotExist();
    }

    @Test
    void fileLargerThanAPartIsUploadedInParts() throws IOException {
        String id = nextId();
        publish(id, 11 * 1024 * 1024);
        storage.store(id, () -> {});
        assertThat(faults.partUploads()).isEqualTo(3);
        assertThat(admin.headObject(b -> b.bucket(bucket).key(PREFIX + id + "/catalog/brands.bson.gz"))
                        .contentLength())
                .isEqualTo(11L * 1024 * 1024);
    }

    @Test
    void failedUploadIsReportedWithoutSecretsAndLeavesNoObjectAndNothingListed() throws IOException {
        String id = nextId();
        Map<String, byte[]> content = publish(id, 1000);
        faults.failUploadsOf(key -> key.endsWith(BackupFiles.MANIFEST));
        assertThatThrownBy(() -> storage.store(id, () -> {}))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Upload of backup " + id + " to s3://" + bucket + "/" + PREFIX + id)
                .hasMessageContaining("Connection reset")
                .satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain(S3TestServer.SECRET_KEY, S3TestServer.ACCESS_KEY));
        assertThat(storage.list()).isEmpty();
        assertThat(keys()).isEmpty();
        // the local copy stays for the caller, which marks the backup failed and removes it
        assertThat(files.dir(id).resolve("prelude.json")).hasBinaryContent(content.get("prelude.json"));
    }

    @Test
    void serverReturningOtherBytesFailsVerificationAfterUpload() throws IOException {
        String id = nextId();
        publish(id, 5000);
        faults.corruptReads(true);
        assertThatThrownBy(() -> storage.store(id, () -> {}))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Verification after upload failed")
                .hasMessageContaining("SHA-256");
        faults.reset();
        assertThat(storage.list()).isEmpty();
        assertThat(keys()).isEmpty();
    }

    @Test
    void operationThatLostItsLeaseStopsUploadingAndLeavesNothing() throws IOException {
        String id = nextId();
        publish(id, 100);
        int[] calls = {0};
        assertThatThrownBy(() -> storage.store(id, () -> {
                    if (++calls[0] == 3) {
                        throw new IllegalStateException("lease lost");
                    }
                }))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("lease lost");
        assertThat(keys()).isEmpty();
        assertThat(storage.list()).isEmpty();
    }

    @Test
    void readingBackLeavesNoStagingCopyBehind() throws IOException {
        String id = nextId();
        publish(id, 100);
        storage.store(id, () -> {});
        java.nio.file.Path staged;
        try (BackupStorage.Staged s = storage.open(id)) {
            staged = s.dir();
            assertThat(staged.resolve(BackupFiles.MANIFEST)).exists();
        }
        assertThat(staged).doesNotExist();
    }
}
