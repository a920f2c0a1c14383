package io.backstop.backup;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

import io.backstop.backup.backup.BackupJob;
import io.backstop.backup.backup.BackupRecords;
import io.backstop.backup.backup.BackupService;
import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.Dumper;
import io.backstop.backup.dump.JavaDumper;
import io.backstop.backup.dump.MongodumpDumper;
import io.backstop.backup.dump.PositionProbe;
import io.backstop.backup.dump.Verifier;
import io.backstop.backup.lock.CriticalOps;
import io.backstop.backup.lock.MongoLeaseStore;
import io.backstop.backup.ops.OperationRecords;
import io.backstop.backup.ops.StartupReconciler;
import io.backstop.backup.progress.ProgressPublisher;
import io.backstop.backup.restore.CatalogApplier;
import io.backstop.backup.restore.DifferentialRestore;
import io.backstop.backup.restore.IndexRestorer;
import io.backstop.backup.restore.RestoreService;
import io.backstop.backup.restore.WriteFreezeControl;
import io.backstop.backup.compare.CompareService;
import io.backstop.backup.pitr.AuditChangesClient;
import io.backstop.backup.pitr.PitrService;
import io.backstop.backup.retention.RetentionService;
import io.backstop.backup.schedule.BackupScheduler;
import io.backstop.backup.schedule.ScheduleStore;
import io.backstop.contracts.Topics;
import io.backstop.support.ServiceTokens;
import org.springframework.web.client.RestClient;
import io.backstop.outbox.CatalogWriter;
import io.backstop.outbox.FaultPoint;
import io.backstop.outbox.OutboxStore;

/** Wires the service from plain classes, so each can be built in a test without Spring. */
@Configuration(proxyBeanMethods = false)
class BackupConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BackupConfiguration.class);
    static final String BACKUP_DB = "backup";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MongoDatabase backupDb(MongoClient client) {
        return client.getDatabase(BACKUP_DB);
    }

    @Bean
    MongoDatabase catalogDb(MongoClient client) {
        return client.getDatabase(Topics.CATALOG_DB);
    }

    @Bean
    BackupFiles backupFiles(BackupProperties properties) {
        return new BackupFiles(properties.root());
    }

    @Bean
    Dumper dumper(BackupProperties properties, MongoDatabase catalogDb,
                  @Value("${spring.mongodb.uri:mongodb://localhost/}") String uri) {
        var binary = MongodumpDumper.locate(properties.mongodump());
        switch (properties.dumper()) {
            case MONGODUMP -> {
                return new MongodumpDumper(binary.orElseThrow(() -> new IllegalStateException(
                        "backstop.backup.dumper=mongodump but '" + properties.mongodump()
                                + "' is not an executable on PATH; install MongoDB Database Tools or set dumper=java")),
                        uri, Topics.CATALOG_DB);
            }
            case AUTO -> {
                if (binary.isPresent()) {
                    log.info("Backups use {}", binary.get());
                    return new MongodumpDumper(binary.get(), uri, Topics.CATALOG_DB);
                }
                log.info("No mongodump on PATH: backups use the built-in Java dumper");
                return new JavaDumper(catalogDb);
            }
            default -> {
                return new JavaDumper(catalogDb);
            }
        }
    }

    @Bean
    Verifier verifier(BackupFiles files) {
        return new Verifier(files);
    }

    @Bean
    PositionProbe positionProbe(MongoDatabase catalogDb, Clock clock) {
        return new PositionProbe(catalogDb, clock);
    }

    @Bean
    OperationRecords operationRecords(MongoDatabase backupDb, Clock clock) {
        return new OperationRecords(backupDb, clock);
    }

    @Bean
    BackupRecords backupRecords(MongoDatabase backupDb, BackupFiles files, Clock clock) {
        return new BackupRecords(backupDb, files, clock);
    }

    @Bean
    ProgressPublisher progressPublisher(KafkaTemplate<String, String> kafka, Clock clock) {
        return new ProgressPublisher(kafka, clock);
    }

    @Bean
    WriteFreezeControl writeFreezeControl(MongoDatabase catalogDb, Clock clock, BackupProperties properties) {
        return new WriteFreezeControl(catalogDb, clock, properties.lock().staleAfter());
    }

    @Bean(destroyMethod = "close")
    CriticalOps criticalOps(MongoDatabase backupDb, OperationRecords operations, ProgressPublisher progress,
                            BackupRecords backups, WriteFreezeControl freeze, BackupProperties properties, Clock clock) {
        return new CriticalOps(new MongoLeaseStore(backupDb, clock), operations, progress, List.of(backups, freeze),
                properties.lock(), CriticalOps.defaultInstance());
    }

    @Bean
    StartupReconciler startupReconciler(CriticalOps ops, OperationRecords operations, BackupRecords backups,
                                        BackupFiles files, Clock clock) {
        return new StartupReconciler(ops, operations, backups, files, clock);
    }

    @Bean
    BackupJob backupJob(BackupRecords records, BackupFiles files, Dumper dumper, PositionProbe positions,
                        Verifier verifier, Clock clock) {
        return new BackupJob(records, files, dumper, positions, verifier, clock);
    }

    @Bean
    BackupService backupService(CriticalOps ops, BackupJob job, BackupRecords records, BackupFiles files,
                                Verifier verifier, ProgressPublisher progress, Clock clock) {
        return new BackupService(ops, job, records, files, verifier, progress, clock);
    }

    @Bean
    DifferentialRestore differentialRestore(MongoDatabase catalogDb, Clock clock) {
        // the restore holds the write freeze it set, so its own writes bypass it
        return new DifferentialRestore(catalogDb,
                new CatalogWriter(catalogDb, clock, FaultPoint.NONE).bypassingWriteFreeze());
    }

    @Bean
    CatalogApplier catalogApplier(MongoDatabase catalogDb, DifferentialRestore differential, WriteFreezeControl freeze,
                                  BackupFiles files, Clock clock) {
        return new CatalogApplier(differential, new IndexRestorer(catalogDb), freeze,
                new OutboxStore(catalogDb, clock), files);
    }

    @Bean
    RetentionService retentionService(BackupRecords records, BackupFiles files, CriticalOps ops,
                                      BackupProperties properties, Clock clock) {
        return new RetentionService(records, files, ops, properties.retention(), clock);
    }

    @Bean
    ScheduleStore scheduleStore(MongoDatabase backupDb, Clock clock) {
        return new ScheduleStore(backupDb, clock);
    }

    @Bean(destroyMethod = "close")
    BackupScheduler backupScheduler(ScheduleStore store, BackupService backups, BackupProperties properties,
                                    Clock clock) {
        return new BackupScheduler(store, backups, properties, clock);
    }

    @Bean
    CompareService compareService(BackupService backups, BackupFiles files, MongoDatabase catalogDb,
                                  BackupProperties properties) {
        return new CompareService(backups, files, catalogDb, properties.compareLimit());
    }

    @Bean
    AuditChangesClient auditChangesClient(BackupProperties properties, ServiceTokens tokens) {
        return new AuditChangesClient(RestClient.builder(), properties.auditUrl(), tokens);
    }

    @Bean
    PitrService pitrService(BackupRecords records, BackupFiles files, Verifier verifier, AuditChangesClient audit,
                            DifferentialRestore differential, CatalogApplier applier, BackupJob job, CriticalOps ops,
                            Clock clock) {
        return new PitrService(records, files, verifier, audit, differential, applier, job, ops, clock);
    }

    @Bean
    RestoreService restoreService(CriticalOps ops, BackupService backups, BackupJob job, BackupFiles files,
                                  Verifier verifier, CatalogApplier applier, Clock clock) {
        return new RestoreService(ops, backups, job, files, verifier, applier, clock);
    }
}
