package io.backstop.infra;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * mongo-java-server speaking the MongoDB wire protocol on loopback, backed by H2's MVStore.
 *
 * <p>Two corrections to the server ({@link CorrectedH2Backend}): answers are copies taken under the collection's
 * lock (its {@code findOneAndUpdate} could hand two callers the same counter value), and queries pinning every
 * key of a unique index use that index.
 *
 * <p>It has no transactions, no TTL expiry and no usable change streams (PLATFORM.md), which is why the
 * services never rely on any of them and the embedded default captures changes through the outbox.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private final H2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedMongo(H2Backend backend, int port) {
        this.backend = backend;
        this.server = new MongoServer(backend);
        if (port == 0) {
            this.address = server.bind();
        }
        else {
            server.bind("127.0.0.1", port);
            this.address = server.getLocalAddress();
        }
    }

    /** Data in {@code file}, which survives a restart; port 0 picks a free port. */
    public static EmbeddedMongo file(Path file, int port) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new EmbeddedMongo(new CorrectedH2Backend(file.toAbsolutePath().toString()), port);
    }

    /** Data in memory, gone at {@link #close()}: for tests. */
    public static EmbeddedMongo inMemory() {
        return new EmbeddedMongo(CorrectedH2Backend.inMemoryStore(), 0);
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    public int port() {
        return address.getPort();
    }

    /** Writes every change to the file now, where H2 would within a second: for tests that kill the process. */
    public void commit() {
        backend.commit();
    }

    /** Closes client connections, then the MVStore, so the file is left consistent. */
    @Override
    public void close() {
        server.shutdown();
    }
}
