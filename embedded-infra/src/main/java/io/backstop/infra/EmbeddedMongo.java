package io.backstop.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * mongo-java-server speaking the MongoDB wire protocol on loopback, backed by H2's MVStore.
 *
 * <p>Two corrections to the server ({@link CorrectedH2Backend}): answers are copies taken under the collection's
 * lock (its {@code findOneAndUpdate} could hand two callers the same counter value), and queries pinning every
 * key of a unique index use that index.
 *
 * <p>It runs as a standalone server ({@link #file}, {@link #inMemory}), or as the primary of a one-member replica
 * set ({@link #replicaSetFile}, {@link #replicaSetInMemory}) with an oplog and change streams that Debezium's
 * MongoDB connector captures from ({@link ReplicaSetBackend}). Either way it has no transactions and no TTL expiry
 * (PLATFORM.md), so the services rely on neither. It is an emulation for development, tests and demonstrations,
 * not a database for production.
 */
public final class EmbeddedMongo implements AutoCloseable {

    /** How many changes the emulated oplog keeps by default: a few days of an admin panel's writes. */
    public static final long DEFAULT_OPLOG_CAPACITY = 1_000_000;

    private final H2Backend backend;
    private final WireServer server;
    private final InetSocketAddress address;
    private final String options;

    private EmbeddedMongo(H2Backend backend, int port) {
        this.backend = backend;
        this.options = backend instanceof ReplicaSetBackend ? "?replicaSet=" + ReplicaSetBackend.SET_NAME : "";
        this.server = new WireServer(backend, port);
        this.address = server.address();
    }

    /** Data in {@code file}, which survives a restart; port 0 picks a free port. */
    public static EmbeddedMongo file(Path file, int port) {
        return new EmbeddedMongo(new CorrectedH2Backend(CorrectedH2Backend.fileStore(directoryFor(file))), port);
    }

    /** The primary of replica set {@code rs0}, data and oplog in {@code file}; the oplog keeps the newest changes. */
    public static EmbeddedMongo replicaSetFile(Path file, int port, long oplogCapacity) {
        return replicaSetFile(file, port, oplogCapacity, Set.of());
    }

    /**
     * The same, with an oplog of the writes to {@code databases} only (all user databases when empty): a change
     * stream elsewhere is refused. For the stack, whose capture reads one database.
     */
    public static EmbeddedMongo replicaSetFile(Path file, int port, long oplogCapacity, Set<String> databases) {
        return new EmbeddedMongo(
                new ReplicaSetBackend(CorrectedH2Backend.fileStore(directoryFor(file)), oplogCapacity, databases),
                port);
    }

    /** The primary of replica set {@code rs0} in memory: for tests. */
    public static EmbeddedMongo replicaSetInMemory() {
        return replicaSetInMemory(DEFAULT_OPLOG_CAPACITY);
    }

    /** The same with an oplog of {@code oplogCapacity} changes: a small one loses history, as a busy one does. */
    public static EmbeddedMongo replicaSetInMemory(long oplogCapacity) {
        return new EmbeddedMongo(new ReplicaSetBackend(new MVStore.Builder().open(), oplogCapacity, Set.of()), 0);
    }

    private static String directoryFor(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toAbsolutePath().toString();
    }

    /** Data in memory, gone at {@link #close()}: for tests. */
    public static EmbeddedMongo inMemory() {
        return new EmbeddedMongo(CorrectedH2Backend.inMemoryStore(), 0);
    }

    /** With {@code ?replicaSet=rs0} for a replica set, as clients of a replica set are told to connect. */
    public String connectionString() {
        return options.isEmpty() ? "mongodb://127.0.0.1:" + address.getPort() : uri("");
    }

    /** The connection string with a default database, e.g. {@code mongodb://127.0.0.1:27017/catalog?replicaSet=rs0}. */
    public String uri(String database) {
        return "mongodb://127.0.0.1:" + address.getPort() + "/" + database + options;
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
        server.close();
    }
}
