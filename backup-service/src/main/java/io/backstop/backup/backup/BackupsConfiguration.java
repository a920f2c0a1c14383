package io.backstop.backup.backup;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.Dumper;
import io.backstop.backup.dump.PositionProbe;
import io.backstop.backup.dump.Verifier;
import io.backstop.backup.lock.CriticalOps;
import io.backstop.backup.metrics.BackupMetrics;
import io.backstop.backup.ops.OperationRecords;
import io.backstop.backup.progress.ProgressPublisher;
import io.backstop.backup.retention.RetentionService;
import io.backstop.backup.storage.BackupStorage;
import io.backstop.support.ServiceTokens;

/** Taking backups and keeping their records. */
@Configuration(proxyBeanMethods = false)
class BackupsConfiguration {

    @Bean
    BackupRecords backupRecords(MongoDatabase backupDb, BackupFiles files, Clock clock, BackupStorage storage) {
        return new BackupRecords(backupDb, files, clock, storage::delete);
    }

    @Bean
    BackupJob backupJob(
            BackupRecords records,
            BackupFiles files,
            Dumper dumper,
            PositionProbe positions,
            Verifier verifier,
            Clock clock,
            BackupStorage storage,
            BackupMetrics metrics,
            BackupProperties properties,
            ServiceTokens tokens) {
        return new BackupJob(
                records,
                files,
                dumper,
                positions,
                verifier,
                clock,
                storage,
                metrics,
                new AuditReconcileClient(properties.auditUrl(), tokens, properties.reconcileTimeout()));
    }

    @Bean
    BackupService backupService(
            CriticalOps ops,
            BackupJob job,
            BackupRecords records,
            BackupFiles files,
            Verifier verifier,
            ProgressPublisher progress,
            Clock clock,
            BackupStorage storage,
            RetentionService retention,
            OperationRecords operations) {
        return new BackupService(ops, job, records, files, verifier, progress, clock, storage, retention, operations);
    }
}
