package io.backstop.backup.dump;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import com.mongodb.client.MongoDatabase;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.storage.BackupStorage;
import io.backstop.contracts.Topics;

/** Writing a backup: the files under the root, the dumper, the verifier and the position probe. */
@Configuration(proxyBeanMethods = false)
class DumpConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DumpConfiguration.class);

    @Bean
    BackupFiles backupFiles(BackupProperties properties) {
        return new BackupFiles(properties.root());
    }

    /**
     * The gzip side of each file being dumped. No queue: a queued drainer would leave its writer blocked on a full
     * hand-over forever, so a task either gets a thread at once or the dump fails with a clear error. One backup
     * runs at a time (the lease) and writes one file at a time; four leaves room for an ending and a starting one.
     */
    @Bean
    ThreadPoolTaskExecutor dumpDrainers(ThreadPoolTaskExecutorBuilder builder) {
        return drainers(builder);
    }

    static ThreadPoolTaskExecutor drainers(ThreadPoolTaskExecutorBuilder builder) {
        return builder.corePoolSize(0)
                .maxPoolSize(4)
                .queueCapacity(0)
                .keepAlive(Duration.ofSeconds(60))
                .threadNamePrefix("dump-gzip-")
                .awaitTermination(false)
                .awaitTerminationPeriod(Duration.ofSeconds(10))
                .build();
    }

    @Bean
    Dumper dumper(
            BackupProperties properties,
            MongoDatabase catalogDb,
            MongoProperties mongo,
            ThreadPoolTaskExecutor dumpDrainers) {
        var binary = MongodumpDumper.locate(properties.mongodump());
        String uri = mongo.determineUri();
        switch (properties.dumper()) {
            case MONGODUMP -> {
                return new MongodumpDumper(
                        binary.orElseThrow(
                                () -> new IllegalStateException(
                                        "backstop.backup.dumper=mongodump but '" + properties.mongodump()
                                                + "' is not an executable on PATH; install MongoDB Database Tools or set dumper=java")),
                        uri,
                        Topics.CATALOG_DB);
            }
            case AUTO -> {
                if (binary.isPresent()) {
                    log.info("Backups use {}", binary.get());
                    return new MongodumpDumper(binary.get(), uri, Topics.CATALOG_DB);
                }
                log.info("No mongodump on PATH: backups use the built-in Java dumper");
                return new JavaDumper(catalogDb, dumpDrainers);
            }
            default -> {
                return new JavaDumper(catalogDb, dumpDrainers);
            }
        }
    }

    @Bean
    Verifier verifier(BackupFiles files, BackupStorage storage) {
        return new Verifier(files, storage);
    }

    @Bean
    PositionProbe positionProbe(MongoDatabase catalogDb, Clock clock) {
        return new PositionProbe(catalogDb, clock);
    }
}
