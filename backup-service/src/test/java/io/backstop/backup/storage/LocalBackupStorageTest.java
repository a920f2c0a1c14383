package io.backstop.backup.storage;

import io.backstop.backup.dump.BackupFiles;

class LocalBackupStorageTest extends BackupStorageContract {

    @Override
    protected BackupStorage create(BackupFiles files) {
        return new LocalBackupStorage(files);
    }
}
