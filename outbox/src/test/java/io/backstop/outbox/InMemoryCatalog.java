package io.backstop.outbox;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.backstop.infra.EmbeddedMongo;

/** An empty {@code catalog} database with the outbox's indexes, on an embedded server of its own: one per test. */
final class InMemoryCatalog implements AutoCloseable {

    private final EmbeddedMongo mongo = EmbeddedMongo.inMemory();
    private final MongoClient client = MongoClients.create(mongo.connectionString());
    final MongoDatabase db = client.getDatabase("catalog");

    InMemoryCatalog() {
        OutboxSchema.ensureIndexes(db);
    }

    @Override
    public void close() {
        client.close();
        mongo.close();
    }
}
