package io.backstop.infra;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.NoopOplog;

/**
 * Change streams over the {@link ChangeLog}, at the three scopes MongoDB has: a collection ({@code aggregate:
 * "coll"}), a database ({@code aggregate: 1}) and the deployment ({@code aggregate: 1} on {@code admin} with
 * {@code allChangesForCluster}). What Debezium's MongoDB connector and the driver ask of them:
 * <ul>
 * <li>{@code resumeAfter}, {@code startAfter} and {@code startAtOperationTime}, checked against what the oplog still
 *     holds ({@code ChangeStreamHistoryLost}, 286, when it does not);</li>
 * <li>events with {@code _id} (the resume token), {@code operationType}, {@code clusterTime}, {@code wallTime},
 *     {@code ns}, {@code documentKey}, {@code updateDescription}, {@code fullDocument} as asked
 *     ({@code updateLookup}, {@code whenAvailable}, {@code required}) and {@code fullDocumentBeforeChange};</li>
 * <li>a {@code postBatchResumeToken} with every batch, empty ones included, which is where a reader's position
 *     moves when nothing it watches changed.</li>
 * </ul>
 * The rest of the pipeline runs through the server's own aggregation stages, event by event, before the batch is
 * cut, so a {@code $match} that drops most events does not shrink what a batch can hold.
 *
 * <p>Resume tokens are hex strings, as MongoDB's are since 4.2, and start as MongoDB's do: the byte 130 and the
 * cluster time, big-endian. Debezium reads the time out of them ({@code ResumeTokens.getTimestamp}).
 */
final class ChangeStreams {

    private static final int CHANGE_STREAM_FATAL_ERROR = 280;
    private static final int HISTORY_LOST = 286;
    /** As mongod's cursorTimeoutMillis: a stream nobody has read for this long is closed. */
    private static final long IDLE_CURSOR_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(10);

    private static final int INVALID_RESUME_TOKEN = 260;
    /** Entries looked at per batch at most, so a getMore over a busy log of other namespaces returns in time. */
    private static final int SCAN_LIMIT = 10_000;

    private static final int DEFAULT_FIRST_BATCH = 101;

    private final ChangeLog log;
    private final CursorRegistry cursors;
    private final DatabaseResolver databases;
    /** The open streams by cursor id. */
    private final Map<Long, StreamCursor> open = new ConcurrentHashMap<>();

    ChangeStreams(ChangeLog log, CursorRegistry cursors, DatabaseResolver databases) {
        this.log = log;
        this.cursors = cursors;
        this.databases = databases;
    }

    static Document changeStreamStage(Document aggregate) {
        Object pipeline = aggregate.get("pipeline");
        if (pipeline instanceof List<?> stages && !stages.isEmpty() && stages.get(0) instanceof Document first) {
            return first.get("$changeStream") instanceof Document options ? options : null;
        }
        return null;
    }

    /** {@code aggregate} whose pipeline starts with {@code $changeStream}. */
    Document open(String databaseName, Document aggregate) {
        closeForgotten();
        Document options = changeStreamStage(aggregate);
        Object target = aggregate.get("aggregate");
        String scope;
        String namespace;
        if (target instanceof String collection) {
            scope = databaseName + "." + collection;
            namespace = scope;
        } else if ("admin".equals(databaseName) && Utils.isTrue(options.get("allChangesForCluster"))) {
            scope = "";
            namespace = "admin.$cmd.aggregate";
        } else {
            scope = databaseName + ".";
            namespace = databaseName + ".$cmd.aggregate";
        }
        List<Document> stages = Aggregation.parse(aggregate.get("pipeline"));
        MongoDatabase database = databases.resolve(databaseName);
        Aggregation rest =
                Aggregation.fromPipeline(stages.subList(1, stages.size()), databases, database, null, NoopOplog.get());
        StreamCursor cursor = new StreamCursor(
                cursors.generateCursorId(),
                namespace,
                new ChangeEventShape(scope, options, databases),
                rest,
                startPosition(options));
        Document batchOptions = aggregate.get("cursor") instanceof Document c ? c : new Document();
        Object firstBatchSize = batchOptions.get("batchSize");
        Document response =
                response(cursor, "firstBatch", firstBatchSize instanceof Number n ? n.intValue() : DEFAULT_FIRST_BATCH);
        // registered only once the first batch is out: a stream that failed to open leaves nothing behind
        cursors.add(cursor);
        open.put(cursor.getId(), cursor);
        return response;
    }

    /** {@code killCursors}: true for a change stream's cursor, which is then gone. */
    boolean close(long cursorId) {
        StreamCursor cursor = open.remove(cursorId);
        if (cursor != null) {
            cursors.remove(cursor);
        }
        return cursor != null;
    }

    /** Streams whose client stopped reading without closing them (a killed process): mongod times them out too. */
    private void closeForgotten() {
        long now = System.nanoTime();
        open.values().stream()
                .filter(c -> now - c.lastUsed > IDLE_CURSOR_TIMEOUT_NANOS)
                .toList()
                .forEach(c -> close(c.getId()));
    }

    boolean owns(long cursorId) {
        return open.containsKey(cursorId);
    }

    /**
     * Whether a {@code getMore} on this cursor would find nothing it watches: the wire layer then waits before
     * asking. Entries it does not watch are passed over here already, as the getMore would pass them over, so a busy
     * database next door does not wake a stream that has nothing to say (mongod keeps waiting too).
     */
    boolean idle(long cursorId) {
        StreamCursor cursor = open.get(cursorId);
        if (cursor == null || log.lostAfter(cursor.position)) {
            return false; // the getMore answers that
        }
        List<Map.Entry<Long, Document>> entries = log.after(cursor.position, 1_000);
        if (log.lostAfter(cursor.position)) {
            return false; // trimmed while read: the getMore answers that too
        }
        for (Map.Entry<Long, Document> entry : entries) {
            if (cursor.shape.watches(entry.getValue())) {
                return false;
            }
            cursor.position = entry.getKey();
        }
        return entries.size() < 1_000;
    }

    Document getMore(Document command) {
        StreamCursor cursor = open.get(((Number) command.get("getMore")).longValue());
        cursor.lastUsed = System.nanoTime();
        // a getMore without a batch size (or 0) takes what there is, as far as one scan goes
        int batchSize = command.get("batchSize") instanceof Number n && n.intValue() > 0 ? n.intValue() : SCAN_LIMIT;
        try {
            return response(cursor, "nextBatch", batchSize);
        } catch (MongoServerError e) {
            close(cursor.getId()); // as mongod: a stream that failed is closed
            throw e;
        }
    }

    private long startPosition(Document options) {
        Document token = options.get("startAfter") instanceof Document d
                ? d
                : options.get("resumeAfter") instanceof Document r ? r : null;
        long position;
        if (token != null) {
            position = timeOf(token);
        } else if (options.get("startAtOperationTime") instanceof BsonTimestamp at) {
            position = at.getValue() - 1; // inclusive
        } else {
            return log.clusterTime().getValue();
        }
        if (log.lostAfter(position)) {
            throw historyLost();
        }
        return position;
    }

    private Document response(StreamCursor cursor, String batchName, int batchSize) {
        long from = cursor.position;
        if (log.lostAfter(from)) {
            throw historyLost();
        }
        long end = log.clusterTime().getValue();
        List<Document> batch = new ArrayList<>();
        int scanned = 0;
        boolean exhausted = false;
        while (batch.size() < batchSize && !exhausted) {
            List<Map.Entry<Long, Document>> entries = log.after(cursor.position, Math.min(256, SCAN_LIMIT - scanned));
            exhausted = true;
            for (Map.Entry<Long, Document> entry : entries) {
                if (entry.getKey() > end) {
                    break;
                }
                exhausted = false;
                scanned++;
                cursor.position = entry.getKey();
                if (cursor.shape.watches(entry.getValue())) {
                    Document event = cursor.shape.event(entry.getKey(), entry.getValue());
                    batch.addAll(cursor.rest.runStages(Stream.of(event)));
                    if (batch.size() >= batchSize) {
                        break;
                    }
                }
            }
            if (scanned >= SCAN_LIMIT) {
                break;
            }
            if (entries.isEmpty()) {
                exhausted = true;
            }
        }
        if (log.lostAfter(from)) {
            // trimmed while this batch was read: what it skipped may be gone, so it must not be reported as read
            cursor.position = from;
            throw historyLost();
        }
        if (exhausted) {
            cursor.position = Math.max(cursor.position, end);
        }
        for (Document event : batch) {
            if (!(event.get("_id") instanceof Document)) {
                throw new MongoServerError(
                        CHANGE_STREAM_FATAL_ERROR,
                        "ChangeStreamFatalError",
                        "Encountered an event whose _id field, which contains the resume token, was modified by the "
                                + "pipeline. Modifying the _id field of an event makes it impossible to resume the stream "
                                + "from that point.");
            }
        }
        Document cursorDocument = new Document(batchName, batch)
                .append("postBatchResumeToken", token(cursor.position))
                .append("id", cursor.getId())
                .append("ns", cursor.namespace);
        Document response = new Document("cursor", cursorDocument);
        Utils.markOkay(response);
        return response;
    }

    static Document token(long timestamp) {
        return new Document("_data", "82" + String.format(Locale.ROOT, "%016X", timestamp) + "04");
    }

    static long timeOf(Document token) {
        Object data = token.get("_data");
        if (data instanceof String hex && hex.length() >= 18 && hex.startsWith("82")) {
            try {
                return HexFormat.fromHexDigitsToLong(hex.substring(2, 18));
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new MongoServerError(INVALID_RESUME_TOKEN, "InvalidResumeToken", "Bad resume token: " + token);
    }

    private static MongoServerError historyLost() {
        return new MongoServerError(
                HISTORY_LOST,
                "ChangeStreamHistoryLost",
                "Resume of change stream was not possible, as the resume point may no longer be in the oplog.");
    }

    /** One open change stream: where it has read to, what it watches, and how it shapes events. */
    private static final class StreamCursor implements Cursor {

        private final long id;
        private final String namespace;
        private final ChangeEventShape shape;
        private final Aggregation rest;
        private volatile long position;
        private volatile long lastUsed = System.nanoTime();

        StreamCursor(long id, String namespace, ChangeEventShape shape, Aggregation rest, long position) {
            this.id = id;
            this.namespace = namespace;
            this.shape = shape;
            this.rest = rest;
            this.position = position;
        }

        @Override
        public long getId() {
            return id;
        }

        @Override
        public boolean isEmpty() {
            return false;
        }

        @Override
        public List<Document> takeDocuments(int numberToReturn) {
            throw new UnsupportedOperationException("change stream cursors are read through ChangeStreams#getMore");
        }
    }
}
