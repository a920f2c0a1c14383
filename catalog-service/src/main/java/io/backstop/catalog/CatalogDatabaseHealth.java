package io.backstop.catalog;

import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoDatabase;

/**
 * {@code catalogDb} in /actuator/health and the readiness group: a {@code ping} on the catalog database.
 * Boot's own MongoDB indicator sends {@code hello}, which mongo-java-server (the embedded default) does not
 * know, so it is disabled in application.yml and this one works on both servers.
 */
@Component("catalogDbHealthIndicator")
class CatalogDatabaseHealth implements HealthIndicator {

    private final MongoDatabase db;

    CatalogDatabaseHealth(MongoDatabase catalogDatabase) {
        this.db = catalogDatabase;
    }

    @Override
    public Health health() {
        try {
            db.runCommand(new Document("ping", 1));
            return Health.up().withDetail("database", db.getName()).build();
        }
        catch (RuntimeException e) {
            return Health.down().withDetail("database", db.getName()).withDetail("error", e.getMessage()).build();
        }
    }
}
