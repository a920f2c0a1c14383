package io.backstop.infra;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;

/**
 * The embedded server as the primary of a one-member replica set: what the official driver and Debezium's MongoDB
 * connector need of a replica set to capture changes, on top of {@link CorrectedH2Backend}. Each addition answers a
 * command or a field they send or read (the contract suite, {@code ReplicaSetContract}, names them):
 * <ul>
 * <li>{@code hello} and {@code isMaster} describe a primary of set {@code rs0}: {@code setName}, {@code hosts},
 *     {@code primary}, {@code me}, {@code setVersion}, {@code lastWrite}; the driver then treats the server as a
 *     replica set and Debezium's validation accepts it;</li>
 * <li>every reply carries {@code operationTime} and {@code $clusterTime}, from the {@link ChangeLog}; Debezium starts
 *     a fresh stream at the {@code operationTime} of a {@code hello};</li>
 * <li>change streams at collection, database and deployment scope ({@link ChangeStreams}), with pre-images for
 *     collections that ask for them through {@code create} or {@code collMod}
 *     ({@code changeStreamPreAndPostImages}).</li>
 * </ul>
 * This is an emulation for development, tests and demonstrations; it has no elections, no secondaries, no
 * read or write concerns beyond the one member, and it is not a database for production.
 */
final class ReplicaSetBackend extends CorrectedH2Backend {

    static final String SET_NAME = "rs0";
    private static final int NAMESPACE_NOT_FOUND = 26;
    private static final int CHANGE_STREAM_NOT_ENABLED = 40573;

    private final ChangeLog log;
    private final ChangeStreams streams;

    ReplicaSetBackend(MVStore store, long oplogCapacity, Set<String> databases) {
        super(store);
        this.log = new ChangeLog(store, getClock(), oplogCapacity, databases);
        this.streams = new ChangeStreams(log, getCursorRegistry(), this::resolveDatabase);
    }

    @Override
    WriteObserver writes() {
        return log;
    }

    ChangeStreams streams() {
        return streams;
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        Document response = route(channel, databaseName, command, query);
        if (response != null && response.get("ok") instanceof Number ok && ok.doubleValue() == 1.0) {
            BsonTimestamp time = response.get("operationTime") instanceof BsonTimestamp t ? t : log.clusterTime();
            response.put("operationTime", time);
            response.put(
                    "$clusterTime",
                    new Document("clusterTime", time)
                            .append("signature", new Document("hash", new BinData(new byte[20])).append("keyId", 0L)));
        }
        return response;
    }

    private Document route(Channel channel, String databaseName, String command, Document query) {
        if (command.equalsIgnoreCase("hello") || command.equalsIgnoreCase("isMaster")) {
            return hello(channel, databaseName, command, query);
        }
        if (command.equals("aggregate") && ChangeStreams.changeStreamStage(query) != null) {
            boolean cluster = "admin".equals(databaseName);
            if (!cluster && !log.records(databaseName)
                    || cluster && !log.databases().isEmpty()) {
                // it would wait for changes forever: say so, rather than look like a quiet database
                throw new MongoServerError(
                        CHANGE_STREAM_NOT_ENABLED,
                        "ChangeStreamNotEnabled",
                        "The embedded oplog records the databases " + log.databases() + " only; a change stream on "
                                + (cluster ? "the deployment" : "'" + databaseName + "'")
                                + " would never see a change");
            }
            return streams.open(databaseName, query);
        }
        if (command.equals("collMod") && query.containsKey("changeStreamPreAndPostImages")) {
            return collMod(databaseName, query);
        }
        if (command.equals("create") && query.get("changeStreamPreAndPostImages") instanceof Document images) {
            Document plain = new Document(query);
            plain.remove("changeStreamPreAndPostImages");
            Document response = super.handleCommand(channel, databaseName, command, plain);
            log.recordImages(databaseName + "." + query.get("create"), Utils.isTrue(images.get("enabled")));
            return response;
        }
        if (command.equals("drop")) {
            Document response = super.handleCommand(channel, databaseName, command, query);
            // as in MongoDB, the option belongs to the collection and goes with it
            log.recordImages(databaseName + "." + query.get("drop"), false);
            return response;
        }
        return super.handleCommand(channel, databaseName, command, query);
    }

    private Document hello(Channel channel, String databaseName, String command, Document query) {
        // the standalone's reply has the sizes and wire versions; the replica set's fields go on top
        Document response = super.handleCommand(channel, databaseName, "hello", query);
        Object primary = response.remove("isWritablePrimary");
        response.remove("helloOk");
        boolean legacy = !command.equalsIgnoreCase("hello");
        String me = hostAndPort(channel);
        BsonTimestamp now = log.advance();
        Document opTime = new Document("ts", now).append("t", 1L);
        Document reply = new Document(legacy ? "ismaster" : "isWritablePrimary", primary)
                .append("secondary", false)
                .append("setName", SET_NAME)
                .append("setVersion", 1)
                .append("hosts", List.of(me))
                .append("primary", me)
                .append("me", me)
                .append(
                        "lastWrite",
                        new Document("opTime", opTime)
                                .append("lastWriteDate", ChangeLog.instant(now.getValue()))
                                .append("majorityOpTime", opTime)
                                .append("majorityWriteDate", ChangeLog.instant(now.getValue())))
                .append("readOnly", false);
        if (Utils.isTrue(query.get("helloOk"))) {
            reply.append("helloOk", true);
        }
        reply.putAll(response);
        reply.put("operationTime", now);
        return reply;
    }

    private static String hostAndPort(Channel channel) {
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        return local.getAddress().getHostAddress() + ":" + local.getPort();
    }

    private Document collMod(String databaseName, Document query) {
        String collection = String.valueOf(query.get("collMod"));
        MongoDatabase database = resolveDatabase(databaseName);
        if (database.resolveCollection(collection, false) == null) {
            throw new MongoServerError(
                    NAMESPACE_NOT_FOUND, "NamespaceNotFound", "ns does not exist: " + databaseName + "." + collection);
        }
        Document images = (Document) query.get("changeStreamPreAndPostImages");
        log.recordImages(databaseName + "." + collection, Utils.isTrue(images.get("enabled")));
        Document response = new Document();
        Utils.markOkay(response);
        return response;
    }

    @Override
    protected Document handleGetMore(String databaseName, String command, Document query) {
        long cursorId = ((Number) query.get(command)).longValue();
        if (streams.owns(cursorId)) {
            return streams.getMore(query);
        }
        return super.handleGetMore(databaseName, command, query);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Document handleKillCursors(Document query) {
        List<Long> ours = new ArrayList<>();
        List<Long> others = new ArrayList<>();
        for (Object id : (List<?>) query.get("cursors")) {
            long cursorId = ((Number) id).longValue();
            (streams.close(cursorId) ? ours : others).add(cursorId);
        }
        Document response = super.handleKillCursors(new Document(query).append("cursors", others));
        ((List<Long>) response.get("cursorsKilled")).addAll(ours);
        return response;
    }
}
