package io.backstop.infra;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The emulated replica set's oplog: every write to a user database (or to the databases it was told to record),
 * in the order the server applied it, each under a cluster time ({@link BsonTimestamp}: seconds, then a counter) that only ever grows, across restarts too.
 *
 * <p>It lives in the server's own MVStore, so it is committed with the documents it describes and a restart of the
 * server finds it, and with it every resume token it handed out. Like a real oplog it is capped: past
 * {@code capacity} entries the oldest go, and a change stream asked to resume from before them fails with
 * {@code ChangeStreamHistoryLost} instead of silently skipping what is gone.
 *
 * <p>What an entry holds follows MongoDB: an insert or a replace keeps the whole document; an update keeps its
 * {@code updateDescription}; a delete keeps the key. Pre- and post-images are kept only for collections created or
 * modified with {@code changeStreamPreAndPostImages: {enabled: true}}, as MongoDB 6 does.
 */
final class ChangeLog implements WriteObserver {

    static final String INSERT = "insert";
    static final String UPDATE = "update";
    static final String REPLACE = "replace";
    static final String DELETE = "delete";
    /** A no-op entry: advances the cluster time past the last write without being a change (mongod's "n"). */
    static final String NOOP = "noop";

    static final String OP = "op";
    static final String NS = "ns";
    static final String WALL = "wall";
    static final String KEY = "documentKey";
    static final String DOCUMENT = "o";
    static final String UPDATE_DESCRIPTION = "updateDescription";
    static final String PRE_IMAGE = "preImage";
    static final String POST_IMAGE = "postImage";

    private static final String TRIMMED_UP_TO = "trimmedUpTo";
    private static final String PRE_IMAGES_PREFIX = "preImages:";

    /**
     * Entries as BSON. The store would write a Document with Java serialization, which was half of the embedded
     * server's CPU while it recorded a restore's writes and the capture read them (JFR); a byte array it copies.
     */
    private final MVMap<Long, byte[]> entries;

    private final MVMap<String, Object> meta;
    private final Set<String> withImages = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private final long capacity;
    private final Set<String> databases;
    private long last;
    private boolean lastIsNoop;

    /**
     * @param databases the databases whose writes are recorded; empty: every user database, as mongod does. The
     *                  embedded stack records its catalog only: each record costs the server about what the write
     *                  itself costs (a copy, serialized into the store), and the audit trail's own writes, the
     *                  heaviest, are watched by nobody
     */
    ChangeLog(MVStore store, Clock clock, long capacity, Set<String> databases) {
        this.databases = Set.copyOf(databases);
        this.entries = store.openMap("local.oplog.rs.bson");
        this.meta = store.openMap("local.oplog.rs.meta");
        this.clock = clock;
        this.capacity = capacity;
        Long lastKey = entries.lastKey();
        Object trimmed = meta.get(TRIMMED_UP_TO);
        this.last = Math.max(lastKey == null ? 0 : lastKey, trimmed == null ? 0 : (Long) trimmed);
        for (String key : meta.keySet()) {
            if (key.startsWith(PRE_IMAGES_PREFIX)) {
                withImages.add(key.substring(PRE_IMAGES_PREFIX.length()));
            }
        }
    }

    /** {@code changeStreamPreAndPostImages} for a collection, remembered across restarts. */
    void recordImages(String namespace, boolean enabled) {
        if (enabled) {
            withImages.add(namespace);
            meta.put(PRE_IMAGES_PREFIX + namespace, Boolean.TRUE);
        } else {
            withImages.remove(namespace);
            meta.remove(PRE_IMAGES_PREFIX + namespace);
        }
    }

    boolean recordsImages(String namespace) {
        return withImages.contains(namespace);
    }

    /** User collections of the recorded databases: not the server's own ({@code system.*} are collections here). */
    boolean isLogged(String namespace) {
        return records(Utils.getDatabaseNameFromFullName(namespace)) && !namespace.contains(".system.");
    }

    /** Whether writes to {@code database} are recorded, so that a change stream on it can see them. */
    boolean records(String database) {
        return !(database.equals("local") || database.equals("admin") || database.equals("config"))
                && (databases.isEmpty() || databases.contains(database));
    }

    Set<String> databases() {
        return databases;
    }

    @Override
    public void inserted(String namespace, Document document) {
        if (!isLogged(namespace)) {
            return;
        }
        append(entry(INSERT, namespace, key(document)).append(DOCUMENT, document));
    }

    @Override
    public void updated(String namespace, Document before, Document after, boolean replacement) {
        if (!isLogged(namespace)) {
            return;
        }
        Document entry = entry(replacement ? REPLACE : UPDATE, namespace, key(after));
        if (replacement) {
            entry.append(DOCUMENT, after);
        } else {
            entry.append(UPDATE_DESCRIPTION, UpdateDescriptions.between(before, after));
            if (recordsImages(namespace)) {
                entry.append(POST_IMAGE, after);
            }
        }
        if (recordsImages(namespace)) {
            entry.append(PRE_IMAGE, before);
        }
        append(entry);
    }

    @Override
    public void deleted(String namespace, Document before) {
        if (!isLogged(namespace)) {
            return;
        }
        Document entry = entry(DELETE, namespace, key(before));
        if (recordsImages(namespace)) {
            entry.append(PRE_IMAGE, before);
        }
        append(entry);
    }

    /**
     * The time a reader sees as the present: {@code operationTime} of a {@code hello}. A no-op entry moves it past
     * the last write, so a stream started at this time ({@code startAtOperationTime}, inclusive) does not see that
     * write again; mongod's periodic no-op writes have the same effect on a replica set at rest.
     */
    synchronized BsonTimestamp advance() {
        if (!lastIsNoop) {
            append(new Document(OP, NOOP).append(WALL, clock.instant()));
        }
        return new BsonTimestamp(last);
    }

    /** The cluster time of the newest entry: what every reply carries as {@code operationTime}. */
    synchronized BsonTimestamp clusterTime() {
        return new BsonTimestamp(last);
    }

    /** Entries after {@code position} (exclusive), oldest first, at most {@code limit} of them. */
    List<Map.Entry<Long, Document>> after(long position, int limit) {
        List<Map.Entry<Long, Document>> result = new ArrayList<>();
        Iterator<Long> keys = entries.keyIterator(position == Long.MAX_VALUE ? position : position + 1);
        while (keys.hasNext() && result.size() < limit) {
            Long key = keys.next();
            byte[] entry = entries.get(key);
            if (entry != null) {
                result.add(Map.entry(key, BsonDecoder.decodeBson(Unpooled.wrappedBuffer(entry))));
            }
        }
        return result;
    }

    /** Whether entries after {@code position} (exclusive) are no longer all here: the oplog was trimmed past it. */
    boolean lostAfter(long position) {
        Object trimmed = meta.get(TRIMMED_UP_TO);
        return trimmed != null && position < (Long) trimmed;
    }

    private synchronized void append(Document entry) {
        long now = clock.instant().getEpochSecond();
        last = now > seconds(last) ? (now << 32) | 1 : last + 1;
        entries.put(last, bson(entry));
        lastIsNoop = NOOP.equals(entry.get(OP));
        while (entries.sizeAsLong() > capacity) {
            Long oldest = entries.firstKey();
            // the mark first: a reader that checks it after reading never misses that an entry went
            meta.put(TRIMMED_UP_TO, oldest);
            entries.remove(oldest);
        }
    }

    private static byte[] bson(Document entry) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            BsonEncoder.encodeDocument(entry, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }

    private Document entry(String op, String namespace, Object id) {
        return new Document(OP, op)
                .append(NS, namespace)
                .append(WALL, clock.instant())
                .append(KEY, new Document("_id", id));
    }

    private static Object key(Document document) {
        return document.get("_id");
    }

    static long seconds(long timestamp) {
        return timestamp >>> 32;
    }

    static Instant instant(long timestamp) {
        return Instant.ofEpochSecond(seconds(timestamp));
    }
}
