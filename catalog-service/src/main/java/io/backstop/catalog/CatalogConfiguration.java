package io.backstop.catalog;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

import io.backstop.catalog.api.CatalogSchema;
import io.backstop.outbox.CatalogWriter;
import io.backstop.outbox.OutboxRecovery;
import io.backstop.outbox.OutboxSchema;
import io.backstop.outbox.OutboxStore;
import io.backstop.outbox.WriteFreeze;
import io.backstop.support.CaptureModeProperties;

/** The catalog database and the outbox protocol's objects, shared by the API, the seed and the relay. */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class CatalogConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MongoDatabase catalogDatabase(MongoClient client, CatalogProperties properties) {
        MongoDatabase db = client.getDatabase(properties.database());
        OutboxSchema.ensureIndexes(db);
        CatalogSchema.ensureIndexes(db);
        return db;
    }

    @Bean
    CatalogWriter catalogWriter(MongoDatabase catalogDatabase, Clock clock, CaptureModeProperties capture) {
        return new CatalogWriter(catalogDatabase, clock, io.backstop.outbox.FaultPoint.NONE, capture.mode());
    }

    @Bean
    WriteFreeze writeFreeze(MongoDatabase catalogDatabase, Clock clock) {
        return new WriteFreeze(catalogDatabase, clock);
    }

    @Bean
    OutboxStore outboxStore(MongoDatabase catalogDatabase, Clock clock) {
        return new OutboxStore(catalogDatabase, clock);
    }

    @Bean
    OutboxRecovery outboxRecovery(MongoDatabase catalogDatabase, Clock clock) {
        return new OutboxRecovery(catalogDatabase, clock);
    }
}
