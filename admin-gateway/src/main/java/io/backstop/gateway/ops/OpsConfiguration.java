package io.backstop.gateway.ops;

import java.time.Clock;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import io.backstop.gateway.routing.IdentityTokens;
import io.backstop.gateway.routing.ServicesProperties;

@Configuration(proxyBeanMethods = false)
class OpsConfiguration {

    /** After Spring Security's chain (order -100), so only authenticated, authorised requests are checked. */
    static final int LOCK_GUARD_ORDER = 0;

    @Bean
    OpsLock opsLock() {
        return new OpsLock(Clock.systemUTC());
    }

    @Bean
    LockMetrics lockMetrics(OpsLock lock) {
        return new LockMetrics(lock, Clock.systemUTC());
    }

    @Bean
    OpsEvents opsEvents(OpsProperties properties) {
        return new OpsEvents(properties.maxStreamsPerSession(), properties.maxStreamsPerUser());
    }

    @Bean
    ProgressListener progressListener(OpsLock lock, OpsEvents events) {
        return new ProgressListener(lock, events);
    }

    @Bean
    CatalogChangeListener catalogChangeListener(OpsEvents events) {
        return new CatalogChangeListener(events);
    }

    @Bean
    BackupLockClient backupLockClient(RestClient.Builder builder, ServicesProperties services, IdentityTokens tokens) {
        return new BackupLockClient(builder, services, tokens);
    }

    @Bean
    LockReconciler lockReconciler(OpsLock lock, OpsEvents events, BackupLockClient backup, OpsProperties properties) {
        return new LockReconciler(lock, events, backup, properties);
    }

    @Bean
    FilterRegistrationBean<LockGuard> lockGuard(OpsLock lock) {
        FilterRegistrationBean<LockGuard> registration = new FilterRegistrationBean<>(new LockGuard(lock));
        registration.setOrder(LOCK_GUARD_ORDER);
        return registration;
    }
}
