package io.backstop.backup.ops;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.backstop.backup.backup.BackupRecords;
import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.lock.CriticalOps;
import io.backstop.backup.storage.BackupStorage;

/** The operation records, and the reconcile that settles what a stopped replica left behind. */
@Configuration(proxyBeanMethods = false)
class OpsConfiguration {

    @Bean
    OperationRecords operationRecords(MongoDatabase backupDb, Clock clock) {
        return new OperationRecords(backupDb, clock);
    }

    @Bean
    StartupReconciler startupReconciler(
            CriticalOps ops,
            OperationRecords operations,
            BackupRecords backups,
            BackupFiles files,
            Clock clock,
            BackupStorage storage) {
        return new StartupReconciler(ops, operations, backups, files, clock, storage);
    }
}
