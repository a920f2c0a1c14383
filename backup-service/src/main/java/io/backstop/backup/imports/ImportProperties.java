package io.backstop.backup.imports;

import java.nio.file.Path;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of {@code POST /api/backups/imports}, bound once at start-up; a bad value stops start-up.
 *
 * @param root            the only directory whose sub-directories an admin may register as backups; unset, only
 *                        uploads are accepted. Symbolic links are resolved before the check.
 * @param maxUploadBytes  the largest archive an upload may send (the gateway's own limit for this path must be at
 *                        least as large: {@code backstop.gateway.uploads})
 * @param maxFileBytes    the most one file of the dump may expand to once ungzipped (a gzip bomb stops here)
 * @param maxTotalBytes   the most all files of the dump together may expand to
 * @param maxEntries      the most entries (files and directories) an archive or a registered directory may hold
 */
@Validated
@ConfigurationProperties("backstop.backup.imports")
public record ImportProperties(
        Path root,
        @NotNull @DefaultValue("100MB") DataSize maxUploadBytes,
        @NotNull @DefaultValue("1GB") DataSize maxFileBytes,
        @NotNull @DefaultValue("2GB") DataSize maxTotalBytes,
        @Min(4) @Max(100_000) @DefaultValue("100") int maxEntries) {

    @AssertTrue(message = "backstop.backup.imports sizes must be positive and max-file-bytes at most max-total-bytes")
    public boolean isSizesConsistent() {
        return maxUploadBytes == null
                || maxFileBytes == null
                || maxTotalBytes == null
                || (maxUploadBytes.toBytes() > 0
                        && maxFileBytes.toBytes() > 0
                        && maxFileBytes.toBytes() <= maxTotalBytes.toBytes());
    }
}
