package io.backstop.backup.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.BackupIds;

/**
 * What every {@link BackupStorage} must do, whatever stores it (JaVers' repository E2E pattern): subclasses give a
 * fresh, empty storage over the {@link BackupFiles} root the dump publishes into.
 */
public abstract class BackupStorageContract {

    @TempDir
    Path root;

    protected BackupFiles files;
    protected BackupStorage storage;
    private final Random random = new Random(42);
    private int sequence;

    protected abstract BackupStorage create(BackupFiles files);

    @BeforeEach
    void setUpStorage() {
        files = new BackupFiles(root);
        storage = create(files);
    }

    /** A backup as the dump publishes it: {@code <root>/<id>/} with data files and the manifest. */
    protected Map<String, byte[]> publish(String id, int dataBytes) throws IOException {
        Map<String, byte[]> content = new LinkedHashMap<>();
        content.put("catalog/brands.bson.gz", bytes(dataBytes));
        content.put("catalog/brands.metadata.json", "{\"indexes\":[]}".getBytes());
        content.put("prelude.json", "{\"tool\":\"test\"}".getBytes());
        content.put(BackupFiles.MANIFEST, ("{\"id\":\"" + id + "\"}").getBytes());
        Path partial = files.createPartial(id);
        for (Map.Entry<String, byte[]> file : content.entrySet()) {
            Path target = partial.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        files.publish(id);
        return content;
    }

    protected String nextId() {
        return BackupIds.next(Instant.parse("2026-11-26T10:00:00Z").plusSeconds(sequence++));
    }

    private byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    protected static void assertReadsBack(BackupStorage storage, String id, Map<String, byte[]> content)
            throws IOException {
        try (BackupStorage.Staged staged = storage.open(id)) {
            for (Map.Entry<String, byte[]> file : content.entrySet()) {
                assertThat(Files.readAllBytes(staged.dir().resolve(file.getKey())))
                        .as(file.getKey())
                        .isEqualTo(file.getValue());
            }
            try (var walk = Files.walk(staged.dir())) {
                assertThat(walk.filter(Files::isRegularFile).count()).isEqualTo(content.size());
            }
        }
    }

    @Test
    void storedBackupIsListedAndReadsBackByteForByte() throws IOException {
        String id = nextId();
        Map<String, byte[]> content = publish(id, 4096);
        storage.store(id, () -> {});
        assertThat(storage.list()).containsExactly(id);
        assertReadsBack(storage, id, content);
    }

    @Test
    void largeFileIsStreamedAndReadsBackIntact() throws IOException {
        String id = nextId();
        // more than two 5 MiB parts: S3 stores it as a multipart upload
        Map<String, byte[]> content = publish(id, 11 * 1024 * 1024 + 123);
        storage.store(id, () -> {});
        assertReadsBack(storage, id, content);
    }

    @Test
    void listShowsCompleteBackupsOldestFirst() throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = nextId();
            publish(id, 100);
            storage.store(id, () -> {});
            ids.add(id);
        }
        assertThat(storage.list()).containsExactlyElementsOf(ids);
    }

    @Test
    void backupWithoutManifestIsRefusedAndNotListed() throws IOException {
        String id = nextId();
        publish(id, 100);
        Files.delete(files.dir(id).resolve(BackupFiles.MANIFEST));
        assertThatThrownBy(() -> storage.store(id, () -> {}))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(id);
        assertThat(storage.list()).doesNotContain(id);
    }

    @Test
    void deleteRemovesTheBackupAndRepeatingItIsHarmless() throws IOException {
        String kept = nextId();
        Map<String, byte[]> keptContent = publish(kept, 100);
        storage.store(kept, () -> {});
        String gone = nextId();
        publish(gone, 100);
        storage.store(gone, () -> {});

        storage.delete(gone);
        storage.delete(gone);

        assertThat(storage.list()).containsExactly(kept);
        assertThatThrownBy(() -> storage.open(gone))
                .isInstanceOf(BackupMissingException.class)
                .hasMessageContaining(gone);
        assertThat(files.dir(gone)).doesNotExist();
        assertReadsBack(storage, kept, keptContent);
    }

    @Test
    void retentionDeletingTheOldestKeepsTheNewestReadable() throws IOException {
        List<String> ids = new ArrayList<>();
        List<Map<String, byte[]>> contents = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = nextId();
            contents.add(publish(id, 1000));
            storage.store(id, () -> {});
            ids.add(id);
        }
        storage.delete(ids.get(0));
        storage.delete(ids.get(1));
        assertThat(storage.list()).containsExactly(ids.get(2), ids.get(3));
        assertReadsBack(storage, ids.get(2), contents.get(2));
        assertReadsBack(storage, ids.get(3), contents.get(3));
    }

    @Test
    void openingAnUnknownBackupSaysItIsMissing() {
        String id = nextId();
        assertThatThrownBy(() -> storage.open(id))
                .isInstanceOf(BackupMissingException.class)
                .hasMessageContaining(id);
    }
}
