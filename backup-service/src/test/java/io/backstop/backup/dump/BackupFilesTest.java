package io.backstop.backup.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.backstop.support.ApiException;

class BackupFilesTest {

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../etc",
                "bk-20261126-103000-ab12/../../x",
                "..",
                "bk-20261126-103000-AB12",
                "bk-20261126-103000-ab1",
                "/etc/passwd",
                "bk-20261126-103000-ab12.partial",
                "bk-20261126-103000-ab12 ",
                "bk-20261126-103000-ab12;rm"
            })
    void rejectsAnythingThatIsNotABackupIdBeforeItNamesAFile(String id) {
        BackupFiles files = new BackupFiles(root);
        assertThatThrownBy(() -> files.dir(id))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("is not a backup id");
    }

    @Test
    void validIdsResolveInsideTheRoot() {
        BackupFiles files = new BackupFiles(root);
        assertThat(files.dir("bk-20261126-103000-ab12"))
                .startsWithRaw(root.toAbsolutePath().normalize());
    }

    @Test
    void manifestPathsCannotLeaveTheBackupDirectory() {
        BackupFiles files = new BackupFiles(root);
        Path dir = files.dir("bk-20261126-103000-ab12");
        assertThatThrownBy(() -> files.fileIn(dir, "../bk-20261126-103000-zz99/catalog/brands.bson.gz"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(files.fileIn(dir, "catalog/brands.bson.gz")).startsWithRaw(dir);
    }

    @Test
    void partialDirectoryIsPublishedUnderItsFinalNameInOneRename() throws Exception {
        BackupFiles files = new BackupFiles(root);
        Path partial = files.createPartial("bk-20261126-103000-ab12");
        Files.writeString(partial.resolve("x"), "y");
        assertThat(files.partialIds()).containsExactly("bk-20261126-103000-ab12");
        files.publish("bk-20261126-103000-ab12");
        assertThat(files.exists("bk-20261126-103000-ab12")).isTrue();
        assertThat(files.partialIds()).isEmpty();
    }

    @Test
    void generatedIdsAreValid() {
        assertThat(BackupIds.valid(BackupIds.next(java.time.Instant.parse("2026-11-26T10:30:00Z"))))
                .isTrue();
        assertThat(BackupIds.next(java.time.Instant.parse("2026-11-26T10:30:00Z")))
                .startsWith("bk-20261126-103000-");
    }
}
