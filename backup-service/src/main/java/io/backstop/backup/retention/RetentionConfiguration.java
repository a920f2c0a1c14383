package io.backstop.backup.retention;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.backup.BackupRecords;
import io.backstop.backup.lock.CriticalOps;
import io.backstop.backup.storage.BackupStorage;

/** The retention policy and the cleanups that apply it. */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    @Bean
    RetentionPolicyStore retentionPolicyStore(MongoDatabase backupDb, BackupProperties properties, Clock clock) {
        return new RetentionPolicyStore(backupDb, properties.retention(), clock);
    }

    @Bean
    RetentionService retentionService(
            BackupRecords records, BackupStorage storage, CriticalOps ops, RetentionPolicyStore policies, Clock clock) {
        return new RetentionService(records, storage, ops, policies, clock);
    }
}
