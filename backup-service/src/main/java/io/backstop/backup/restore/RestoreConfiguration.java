package io.backstop.backup.restore;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.backup.BackupJob;
import io.backstop.backup.backup.BackupService;
import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.Verifier;
import io.backstop.backup.lock.CriticalOps;
import io.backstop.backup.storage.BackupStorage;
import io.backstop.outbox.CatalogWriter;
import io.backstop.outbox.FaultPoint;
import io.backstop.outbox.OutboxStore;
import io.backstop.support.CaptureModeProperties;

/** Restoring a backup into the catalog, under the write freeze. */
@Configuration(proxyBeanMethods = false)
class RestoreConfiguration {

    @Bean
    WriteFreezeControl writeFreezeControl(MongoDatabase catalogDb, Clock clock, BackupProperties properties) {
        return new WriteFreezeControl(catalogDb, clock, properties.lock().staleAfter());
    }

    @Bean
    DifferentialRestore differentialRestore(MongoDatabase catalogDb, Clock clock, CaptureModeProperties capture) {
        // the restore holds the write freeze it set, so its own writes bypass it; and it must record its changes
        // where catalog-service's capture reads them (the same backstop.capture.mode)
        return new DifferentialRestore(
                catalogDb, new CatalogWriter(catalogDb, clock, FaultPoint.NONE, capture.mode()).bypassingWriteFreeze());
    }

    @Bean
    CatalogApplier catalogApplier(
            MongoDatabase catalogDb,
            DifferentialRestore differential,
            WriteFreezeControl freeze,
            BackupFiles files,
            Clock clock) {
        return new CatalogApplier(
                differential, new IndexRestorer(catalogDb), freeze, new OutboxStore(catalogDb, clock), files);
    }

    @Bean
    RestoreService restoreService(
            CriticalOps ops,
            BackupService backups,
            BackupJob job,
            BackupFiles files,
            Verifier verifier,
            CatalogApplier applier,
            Clock clock,
            BackupStorage storage) {
        return new RestoreService(ops, backups, job, files, verifier, applier, clock, storage);
    }
}
