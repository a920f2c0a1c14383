package io.backstop.gateway;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.backstop.infra.EmbeddedMongo;

/**
 * The MongoDB a gateway under test keeps its browser sessions in: one in-memory embedded server per test JVM,
 * as every replica of a real deployment shares one database.
 */
public final class SessionStore {

    private static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();

    private SessionStore() {}

    public static String uri() {
        return MONGO.connectionString();
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", SessionStore::uri);
    }
}
