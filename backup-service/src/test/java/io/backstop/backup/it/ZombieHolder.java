package io.backstop.backup.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.backup.BackupJob;
import io.backstop.backup.backup.BackupRecords;
import io.backstop.backup.backup.BackupType;
import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.Dumper;
import io.backstop.backup.dump.PositionProbe;
import io.backstop.backup.dump.Verifier;
import io.backstop.backup.lock.BackupLease;
import io.backstop.backup.lock.CriticalOps;
import io.backstop.backup.ops.OperationRecords;
import io.backstop.backup.progress.ProgressPublisher;

/**
 * A second backup-service replica in its own JVM, built from the production classes, that starts a backup, writes
 * part of it and then hangs in the middle of the dump until the test kills the process.
 * Arguments: mongo URI, Kafka bootstrap servers, backup root, backup id.
 */
public final class ZombieHolder {

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String bootstrap = args[1];
        Path root = Path.of(args[2]);
        String backupId = args[3];
        Clock clock = Clock.systemUTC();
        MongoClient client = MongoClients.create(uri);
        MongoDatabase backupDb = client.getDatabase("backup");
        MongoDatabase catalogDb = client.getDatabase("catalog");
        BackupFiles files = new BackupFiles(root);
        BackupRecords records = new BackupRecords(backupDb, files, clock);
        KafkaTemplate<String, String> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
        ThreadPoolTaskScheduler heartbeats = new ThreadPoolTaskScheduler();
        heartbeats.initialize();
        ThreadPoolTaskExecutor workers = new ThreadPoolTaskExecutor();
        workers.initialize();
        CriticalOps ops = new CriticalOps(
                BackupLease.store(backupDb, clock),
                new OperationRecords(backupDb, clock),
                new ProgressPublisher(kafka, clock),
                List.of(records),
                new BackupProperties.Lock(Duration.ofMillis(200), Duration.ofSeconds(2)),
                "zombie-host:" + ProcessHandle.current().pid(),
                List.of(),
                clock,
                heartbeats,
                workers);
        Dumper hanging = (dir, progress) -> {
            Files.createDirectories(dir.resolve("catalog"));
            Files.write(dir.resolve("catalog/brands.bson.gz"), new byte[4096]);
            System.out.println("READY");
            System.out.flush();
            KILLED.await();
            return null;
        };
        BackupJob job =
                new BackupJob(records, files, hanging, new PositionProbe(catalogDb, clock), new Verifier(files), clock);
        ops.startAsync(
                backupId,
                io.backstop.contracts.OperationKind.BACKUP,
                "zombie-user",
                null,
                null,
                ctx -> job.run(ctx, backupId, BackupType.MANUAL, "hangs until killed", BackupJob.Span.WHOLE));
        KILLED.await();
    }

    /** Never counted down: the process holds its lease and its half-written dump until the test kills it. */
    private static final CountDownLatch KILLED = new CountDownLatch(1);

    private ZombieHolder() {}
}
