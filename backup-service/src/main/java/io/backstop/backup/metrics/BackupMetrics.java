package io.backstop.backup.metrics;

import io.backstop.backup.backup.BackupType;

/** What a backup reports when it ends; {@link #NONE} where nobody measures (tools, tests). */
public interface BackupMetrics {

    BackupMetrics NONE = new BackupMetrics() {
        @Override
        public void completed(BackupType type, long nanos, long compressedBytes, long uncompressedBytes) {}

        @Override
        public void failed(BackupType type, long nanos) {}
    };

    void completed(BackupType type, long nanos, long compressedBytes, long uncompressedBytes);

    void failed(BackupType type, long nanos);
}
