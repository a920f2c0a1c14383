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

import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The emulated replica set's oplog: every write to a user database, in the order the server applied it, each under
 * a cluster time ({@link BsonTimestamp}: seconds, then a counter) that only ever grows, across restarts too.
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

    private final MVMap<Long, Document> entries;
    private final MVMap<String, Object> meta;
    private final Set<String> withImages = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private final long capacity;
    private long last;
    private boolean lastIsNoop;

    ChangeLog(MVStore store, Clock clock, long capacity) {
        this.entries = store.openMap("local.oplog.rs");
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
        }
        else {
            withImages.remove(namespace);
            meta.remove(PRE_IMAGES_PREFIX + namespace);
        }
    }

    boolean recordsImages(String namespace) {
        return withImages.contains(namespace);
    }

    /** User collections: not the server's own ({@code system.*}, which mongo-java-server keeps as collections). */
    static boolean isLogged(String namespace) {
        return !(namespace.startsWith("local.") || namespace.startsWith("admin.") || namespace.startsWith("config.")
                || namespace.contains(".system."));
    }

    @Override
    public void inserted(String namespace, Document document) {
        if (!isLogged(namespace)) {
            return;
        }
        append(entry(INSERT, namespace, key(document)).append(DOCUMENT, document.cloneDeeply()));
    }

    @Override
    public void updated(String namespace, Document before, Document after, boolean replacement) {
        if (!isLogged(namespace)) {
            return;
        }
        Document entry = entry(replacement ? REPLACE : UPDATE, namespace, key(after));
        if (replacement) {
            entry.append(DOCUMENT, after.cloneDeeply());
        }
        else {
            entry.append(UPDATE_DESCRIPTION, UpdateDescriptions.between(before, after));
            if (recordsImages(namespace)) {
                entry.append(POST_IMAGE, after.cloneDeeply());
            }
        }
        if (recordsImages(namespace)) {
            entry.append(PRE_IMAGE, before.cloneDeeply());
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
            entry.append(PRE_IMAGE, before.cloneDeeply());
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
            Document entry = entries.get(key);
            if (entry != null) {
                result.add(Map.entry(key, entry));
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
        entries.put(last, entry);
        lastIsNoop = NOOP.equals(entry.get(OP));
        while (entries.sizeAsLong() > capacity) {
            Long oldest = entries.firstKey();
            // the mark first: a reader that checks it after reading never misses that an entry went
            meta.put(TRIMMED_UP_TO, oldest);
            entries.remove(oldest);
        }
    }

    private Document entry(String op, String namespace, Object id) {
        return new Document(OP, op).append(NS, namespace).append(WALL, clock.instant())
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
