package io.backstop.backup;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

import io.backstop.contracts.Topics;

/**
 * What every feature shares: the clock and the two databases. Each feature package wires its own classes in its
 * own configuration ({@code dump}, {@code storage}, {@code lock}, {@code notify}, {@code backup}, {@code restore},
 * {@code pitr}, {@code retention}, {@code schedule}, {@code compare}, {@code ops}, {@code metrics}); the two
 * databases are told apart by parameter name ({@code backupDb}, {@code catalogDb}).
 */
@Configuration(proxyBeanMethods = false)
class BackupConfiguration {

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
}
