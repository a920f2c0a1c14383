package io.backstop.backup;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.mail.javamail.JavaMailSender;
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
import io.backstop.backup.lock.OperationListener;
import io.backstop.backup.metrics.BackupMetrics;
import io.backstop.backup.metrics.LockMetrics;
import io.backstop.backup.metrics.MicrometerBackupMetrics;
import io.backstop.backup.metrics.RestoreMetrics;
import io.backstop.backup.notify.EmailChannel;
import io.backstop.backup.notify.NotificationChannel;
import io.backstop.backup.notify.Notifier;
import io.backstop.backup.notify.SecretMasker;
import io.backstop.backup.notify.WebhookChannel;
import io.backstop.backup.storage.BackupStorage;
import io.backstop.backup.storage.LocalBackupStorage;
import io.backstop.backup.storage.S3BackupStorage;
import io.backstop.backup.storage.S3Clients;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.services.s3.S3Client;
import io.backstop.backup.ops.OperationRecords;
import io.backstop.backup.ops.StartupReconciler;
import io.backstop.backup.progress.ProgressPublisher;
import io.backstop.backup.restore.CatalogApplier;
import io.backstop.backup.restore.DifferentialRestore;
import io.backstop.backup.restore.IndexRestorer;
import io.backstop.backup.restore.RestoreService;
import io.backstop.backup.restore.WriteFreezeControl;
import io.backstop.backup.compare.CompareService;
import io.backstop.backup.backup.AuditReconcileClient;
import io.backstop.backup.pitr.AuditChangesClient;
import io.backstop.backup.pitr.PitrService;
import io.backstop.backup.retention.RetentionPolicyStore;
import io.backstop.backup.retention.RetentionService;
import io.backstop.backup.schedule.BackupScheduler;
import io.backstop.backup.schedule.ScheduleStore;
import io.backstop.contracts.Topics;
import io.backstop.support.ServiceTokens;
import org.springframework.web.client.RestClient;
import io.backstop.outbox.CaptureMode;
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

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "backstop.backup.storage", havingValue = "s3")
    S3Client s3Client(BackupProperties properties) {
        return S3Clients.create(properties.s3());
    }

    @Bean
    BackupStorage backupStorage(BackupProperties properties, BackupFiles files, ObjectProvider<S3Client> s3) {
        if (properties.storage() == BackupProperties.StorageKind.S3) {
            log.info("Backups are stored in {}", properties.s3());
            return new S3BackupStorage(s3.getObject(), properties.s3().bucket(), properties.s3().keyPrefix(),
                    properties.s3().partSize().toBytes(), files);
        }
        return new LocalBackupStorage(files);
    }

    @Bean
    Verifier verifier(BackupFiles files, BackupStorage storage) {
        return new Verifier(files, storage);
    }

    @Bean
    BackupMetrics backupMetrics(MeterRegistry registry) {
        return new MicrometerBackupMetrics(registry);
    }

    @Bean
    RestoreMetrics restoreMetrics(MeterRegistry registry) {
        return new RestoreMetrics(registry);
    }

    @Bean
    LockMetrics lockMetrics(CriticalOps ops, Clock clock, MeterRegistry registry) {
        return new LockMetrics(ops, clock, registry);
    }

    @Bean(destroyMethod = "close")
    Notifier notifier(BackupProperties properties, ObjectProvider<JavaMailSender> mail,
                      @Value("${spring.mail.password:}") String mailPassword) {
        BackupProperties.Notifications settings = properties.notifications();
        List<NotificationChannel> channels = new java.util.ArrayList<>();
        if (settings.webhook().enabled()) {
            channels.add(new WebhookChannel(settings.webhook().url(), settings.webhook().timeout()));
        }
        if (settings.email().enabled()) {
            JavaMailSender sender = mail.getIfAvailable();
            if (sender == null) {
                throw new IllegalStateException("backstop.backup.notifications.email.to names recipients but no "
                        + "SMTP server is configured: set spring.mail.host (and spring.mail.port, username, password)");
            }
            channels.add(new EmailChannel(sender, settings.email().to(), settings.email().from(),
                    settings.email().subjectPrefix()));
        }
        channels.forEach(c -> log.info("Operation notifications go to {}", c.name()));
        SecretMasker masker = new SecretMasker(java.util.Arrays.asList(
                settings.webhook().url() == null ? null : settings.webhook().url().toString(),
                mailPassword, properties.s3().secretKey(), properties.s3().accessKey()));
        return new Notifier(channels, settings.attempts(), settings.backoff(), masker);
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
    BackupRecords backupRecords(MongoDatabase backupDb, BackupFiles files, Clock clock, BackupStorage storage) {
        return new BackupRecords(backupDb, files, clock, storage::delete);
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
                            BackupRecords backups, WriteFreezeControl freeze, BackupProperties properties, Clock clock,
                            List<OperationListener> listeners) {
        return new CriticalOps(new MongoLeaseStore(backupDb, clock), operations, progress, List.of(backups, freeze),
                properties.lock(), CriticalOps.defaultInstance(), listeners);
    }

    @Bean
    StartupReconciler startupReconciler(CriticalOps ops, OperationRecords operations, BackupRecords backups,
                                        BackupFiles files, Clock clock, BackupStorage storage) {
        return new StartupReconciler(ops, operations, backups, files, clock, storage);
    }

    @Bean
    BackupJob backupJob(BackupRecords records, BackupFiles files, Dumper dumper, PositionProbe positions,
                        Verifier verifier, Clock clock, BackupStorage storage, BackupMetrics metrics,
                        BackupProperties properties, ServiceTokens tokens) {
        return new BackupJob(records, files, dumper, positions, verifier, clock, storage, metrics,
                new AuditReconcileClient(properties.auditUrl(), tokens, properties.reconcileTimeout()));
    }

    @Bean
    BackupService backupService(CriticalOps ops, BackupJob job, BackupRecords records, BackupFiles files,
                                Verifier verifier, ProgressPublisher progress, Clock clock, BackupStorage storage,
                                RetentionService retention, OperationRecords operations) {
        return new BackupService(ops, job, records, files, verifier, progress, clock, storage, retention, operations);
    }

    @Bean
    DifferentialRestore differentialRestore(MongoDatabase catalogDb, Clock clock,
                                            @Value("${backstop.capture.mode:outbox}") CaptureMode capture) {
        // the restore holds the write freeze it set, so its own writes bypass it; and it must record its changes
        // where catalog-service's capture reads them (the same backstop.capture.mode)
        return new DifferentialRestore(catalogDb,
                new CatalogWriter(catalogDb, clock, FaultPoint.NONE, capture).bypassingWriteFreeze());
    }

    @Bean
    CatalogApplier catalogApplier(MongoDatabase catalogDb, DifferentialRestore differential, WriteFreezeControl freeze,
                                  BackupFiles files, Clock clock) {
        return new CatalogApplier(differential, new IndexRestorer(catalogDb), freeze,
                new OutboxStore(catalogDb, clock), files);
    }

    @Bean
    RetentionPolicyStore retentionPolicyStore(MongoDatabase backupDb, BackupProperties properties, Clock clock) {
        return new RetentionPolicyStore(backupDb, properties.retention(), clock);
    }

    @Bean
    RetentionService retentionService(BackupRecords records, BackupStorage storage, CriticalOps ops,
                                      RetentionPolicyStore policies, Clock clock) {
        return new RetentionService(records, storage, ops, policies, clock);
    }

    @Bean
    ScheduleStore scheduleStore(MongoDatabase backupDb, Clock clock) {
        return new ScheduleStore(backupDb, clock);
    }

    @Bean(destroyMethod = "close")
    BackupScheduler backupScheduler(ScheduleStore store, BackupService backups, RetentionService retention,
                                    BackupProperties properties, Clock clock) {
        return new BackupScheduler(store, backups, retention, properties, clock);
    }

    @Bean
    CompareService compareService(BackupService backups, BackupFiles files, MongoDatabase catalogDb,
                                  BackupStorage storage) {
        return new CompareService(backups, files, catalogDb, storage);
    }

    @Bean
    AuditChangesClient auditChangesClient(BackupProperties properties, ServiceTokens tokens) {
        return new AuditChangesClient(RestClient.builder(), properties.auditUrl(), tokens);
    }

    @Bean
    PitrService pitrService(BackupRecords records, BackupFiles files, Verifier verifier, AuditChangesClient audit,
                            DifferentialRestore differential, CatalogApplier applier, BackupJob job, CriticalOps ops,
                            Clock clock, BackupStorage storage) {
        return new PitrService(records, files, verifier, audit, differential, applier, job, ops, clock, storage);
    }

    @Bean
    RestoreService restoreService(CriticalOps ops, BackupService backups, BackupJob job, BackupFiles files,
                                  Verifier verifier, CatalogApplier applier, Clock clock, BackupStorage storage) {
        return new RestoreService(ops, backups, job, files, verifier, applier, clock, storage);
    }
}
