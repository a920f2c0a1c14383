package io.backstop.backup.pitr;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.backup.BackupJob;
import io.backstop.backup.backup.BackupRecords;
import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.Verifier;
import io.backstop.backup.lock.CriticalOps;
import io.backstop.backup.restore.CatalogApplier;
import io.backstop.backup.restore.DifferentialRestore;
import io.backstop.backup.storage.BackupStorage;
import io.backstop.support.ServiceTokens;

/** Point-in-time restore: a backup plus the audit trail's changes after it. */
@Configuration(proxyBeanMethods = false)
class PitrConfiguration {

    @Bean
    AuditChangesClient auditChangesClient(BackupProperties properties, ServiceTokens tokens) {
        return new AuditChangesClient(RestClient.builder(), properties.auditUrl(), tokens);
    }

    @Bean
    PitrService pitrService(
            BackupRecords records,
            BackupFiles files,
            Verifier verifier,
            AuditChangesClient audit,
            DifferentialRestore differential,
            CatalogApplier applier,
            BackupJob job,
            CriticalOps ops,
            Clock clock,
            BackupStorage storage) {
        return new PitrService(records, files, verifier, audit, differential, applier, job, ops, clock, storage);
    }
}
