package io.backstop.backup.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.services.s3.S3Client;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.dump.BackupFiles;

/** Where finished backups are kept: under the root, or in S3. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "backstop.backup.storage", havingValue = "s3")
    S3Client s3Client(BackupProperties properties) {
        return S3Clients.create(properties.s3());
    }

    @Bean
    BackupStorage backupStorage(BackupProperties properties, BackupFiles files, ObjectProvider<S3Client> s3) {
        if (properties.storage() == BackupProperties.StorageKind.S3) {
            log.info("Backups are stored in {}", properties.s3());
            return new S3BackupStorage(
                    s3.getObject(),
                    properties.s3().bucket(),
                    properties.s3().keyPrefix(),
                    properties.s3().partSize().toBytes(),
                    files);
        }
        return new LocalBackupStorage(files);
    }
}
