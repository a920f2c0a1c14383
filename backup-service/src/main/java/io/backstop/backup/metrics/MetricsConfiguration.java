package io.backstop.backup.metrics;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;

import io.backstop.backup.lock.CriticalOps;

@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

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
}
