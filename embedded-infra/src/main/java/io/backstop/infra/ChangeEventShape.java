package io.backstop.infra;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;

/**
 * What one stream makes of an oplog entry: the change event MongoDB 6 sends, with the full document and the
 * document before the change as the stream asked for them ({@code fullDocument}, {@code fullDocumentBeforeChange}).
 * Events are built from entries decoded afresh from the oplog's BSON, so the pipeline after {@code $changeStream}
 * may change them in place without touching the oplog.
 */
final class ChangeEventShape {

    private static final int CHANGE_STREAM_FATAL_ERROR = 280;

    private final String scope;
    private final String fullDocument;
    private final String beforeChange;
    private final DatabaseResolver databases;

    /**
     * @param scope {@code db.coll} for a collection's stream, {@code db.} for a database's, empty for the deployment's
     */
    ChangeEventShape(String scope, Document options, DatabaseResolver databases) {
        this.scope = scope;
        this.fullDocument = String.valueOf(options.getOrDefault("fullDocument", "default"));
        this.beforeChange = String.valueOf(options.getOrDefault("fullDocumentBeforeChange", "off"));
        this.databases = databases;
    }

    boolean watches(Document entry) {
        if (ChangeLog.NOOP.equals(entry.get(ChangeLog.OP))) {
            return false;
        }
        String ns = (String) entry.get(ChangeLog.NS);
        return scope.isEmpty() || (scope.endsWith(".") ? ns.startsWith(scope) : ns.equals(scope));
    }

    /** The event for an entry this stream watches. */
    Document event(long time, Document entry) {
        String op = (String) entry.get(ChangeLog.OP);
        String ns = (String) entry.get(ChangeLog.NS);
        String db = Utils.getDatabaseNameFromFullName(ns);
        String coll = Utils.getCollectionNameFromFullName(ns);
        Document key = (Document) entry.get(ChangeLog.KEY);
        Document event = new Document("_id", ChangeStreams.token(time))
                .append("operationType", op)
                .append("clusterTime", new BsonTimestamp(time))
                .append("wallTime", entry.get(ChangeLog.WALL));
        if (ChangeLog.INSERT.equals(op) || ChangeLog.REPLACE.equals(op)) {
            event.append("fullDocument", entry.get(ChangeLog.DOCUMENT));
        } else if (ChangeLog.UPDATE.equals(op)) {
            switch (fullDocument) {
                case "updateLookup" -> event.append("fullDocument", lookUp(db, coll, key));
                case "whenAvailable" -> event.append("fullDocument", entry.get(ChangeLog.POST_IMAGE));
                case "required" ->
                    event.append("fullDocument", required(entry.get(ChangeLog.POST_IMAGE), "post-image", ns));
                default -> {
                    // "default": an update event carries its updateDescription only
                }
            }
        }
        event.append("ns", new Document("db", db).append("coll", coll)).append("documentKey", key);
        if (ChangeLog.UPDATE.equals(op)) {
            event.append("updateDescription", entry.get(ChangeLog.UPDATE_DESCRIPTION));
        }
        if (!ChangeLog.INSERT.equals(op) && !"off".equals(beforeChange)) {
            Object before = entry.get(ChangeLog.PRE_IMAGE);
            event.append(
                    "fullDocumentBeforeChange",
                    "required".equals(beforeChange) ? required(before, "pre-image", ns) : before);
        }
        return event;
    }

    private Object lookUp(String db, String coll, Document key) {
        MongoCollection<?> collection = databases.resolve(db).resolveCollection(coll, false);
        if (collection == null) {
            return null;
        }
        for (Document found : collection.handleQuery(key)) {
            return found;
        }
        return null;
    }

    private static Object required(Object image, String what, String ns) {
        if (image == null) {
            throw new MongoServerError(
                    CHANGE_STREAM_FATAL_ERROR,
                    "ChangeStreamFatalError",
                    "Change stream was configured to require a " + what + " for all events, but the " + what
                            + " was not available for event in " + ns);
        }
        return image;
    }
}
