package io.backstop.backup.imports;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.backstop.backup.backup.BackupRecords;
import io.backstop.backup.dump.BackupFiles;
import io.backstop.backup.dump.Verifier;
import io.backstop.backup.storage.BackupStorage;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ImportProperties.class)
class ImportConfiguration {

    @Bean
    ImportService importService(
            ImportProperties properties,
            BackupFiles files,
            BackupRecords records,
            BackupStorage storage,
            Verifier verifier,
            Clock clock) {
        // before any import can run in this process: what a crash left half-unpacked is of no use to anyone
        files.deleteAllImportAreas();
        return new ImportService(properties, files, records, storage, verifier, clock);
    }
}
