package io.backstop.backup.compare;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.backstop.backup.backup.BackupService;
import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.storage.BackupStorage;

@Configuration(proxyBeanMethods = false)
class CompareConfiguration {

    @Bean
    CompareService compareService(
            BackupService backups, BackupFiles files, MongoDatabase catalogDb, BackupStorage storage) {
        return new CompareService(backups, files, catalogDb, storage);
    }
}
