package io.backstop.catalog;

import io.backstop.infra.EmbeddedMongo;

/** One in-memory mongo-java-server per test JVM, shared by the Spring contexts of the tests. */
public final class TestMongo {

    private static EmbeddedMongo mongo;

    private TestMongo() {}

    public static synchronized String uri() {
        if (mongo == null) {
            mongo = EmbeddedMongo.inMemory();
            Runtime.getRuntime().addShutdownHook(new Thread(mongo::close));
        }
        return mongo.connectionString() + "/catalog";
    }
}
