package io.backstop.catalog.api;

import java.util.List;
import java.util.function.Supplier;

import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.backstop.contracts.Actions;
import io.backstop.outbox.Attribution;
import io.backstop.outbox.CatalogDocuments;
import io.backstop.outbox.CatalogWriteException;
import io.backstop.outbox.CatalogWriter;
import io.backstop.outbox.WriteFreeze;
import io.backstop.outbox.WriteResult;
import io.backstop.support.ApiException;
import io.backstop.support.ApiException.FieldError;

/** API writes: checks the catalog's rules (parents exist, no orphans), then writes through the outbox. */
@Service
public class CatalogCommands {

    private final CatalogWriter writer;
    private final CatalogQueries queries;
    private final WriteFreeze freeze;
    private final WriteMetrics metrics;

    public CatalogCommands(CatalogWriter writer, CatalogQueries queries, WriteFreeze freeze, WriteMetrics metrics) {
        this.writer = writer;
        this.queries = queries;
        this.freeze = freeze;
        this.metrics = metrics;
    }

    public WriteResult create(CatalogBody body, Attribution by) {
        return metrics.count(body.kind(), by.action(), () -> doCreate(body, by));
    }

    public WriteResult replace(Kind kind, String id, CatalogBody body, Attribution by) {
        return metrics.count(kind, by.action(), () -> doReplace(kind, id, body, by));
    }

    public WriteResult move(Kind kind, String id, MoveBody body, Attribution by) {
        return metrics.count(kind, by.action(), () -> doMove(kind, id, body, by));
    }

    public WriteResult delete(Kind kind, String id, long version, boolean cascade, Attribution by) {
        return metrics.count(kind, by.action(), () -> doDelete(kind, id, version, cascade, by));
    }

    private WriteResult doCreate(CatalogBody body, Attribution by) {
        checkFreeze();
        if (body.version() != null) {
            throw ApiException.invalid(List.of(new FieldError("version", "must not be set on create")));
        }
        requireParent(body.kind(), body.parentId(), HttpStatus.BAD_REQUEST);
        int position = body.position() != null ? body.position() : queries.nextPosition(body.kind(), body.parentId());
        Document state = body.toState().append(CatalogSchema.POSITION, position);
        return write(() -> writer.create(body.kind().collection(), CatalogWriter.newId(), state, by));
    }

    private WriteResult doReplace(Kind kind, String id, CatalogBody body, Attribution by) {
        checkFreeze();
        if (body.version() == null) {
            throw ApiException.invalid(List.of(new FieldError("version", "is required: the version you last saw")));
        }
        Document current = queries.require(kind, id);
        requireParent(kind, body.parentId(), HttpStatus.BAD_REQUEST);
        boolean moves = kind.parentField() != null && !body.parentId().equals(current.get(kind.parentField()));
        Object position = body.position() != null
                ? body.position()
                : moves
                        ? Integer.valueOf(queries.nextPosition(kind, body.parentId()))
                        : current.get(CatalogSchema.POSITION);
        Document state = body.toState().append(CatalogSchema.POSITION, position);
        // a new parent is a move whichever endpoint made it: the trail and the audit topic say so, and the item goes
        // last among its new siblings as POST .../move puts it
        Attribution action = moves ? by.withAction(Actions.MOVE) : by;
        return write(() -> writer.replace(kind.collection(), id, body.version(), state, action));
    }

    private WriteResult doMove(Kind kind, String id, MoveBody body, Attribution by) {
        checkFreeze();
        if (kind.parentField() == null && body.parentId() != null) {
            throw ApiException.invalid(List.of(new FieldError("parentId", "is not allowed: brands have no parent")));
        }
        if (body.parentId() == null && body.position() == null) {
            throw ApiException.badRequest("Give parentId, position or both: a move without either changes nothing.");
        }
        Document current = queries.require(kind, id);
        Document state = CatalogDocuments.businessFields(current);
        Integer position = body.position();
        if (body.parentId() != null) {
            requireParent(kind, body.parentId(), HttpStatus.BAD_REQUEST);
            if (!body.parentId().equals(state.get(kind.parentField())) && position == null) {
                position = queries.nextPosition(kind, body.parentId());
            }
            state.put(kind.parentField(), body.parentId());
        }
        if (position != null) {
            state.put(CatalogSchema.POSITION, position);
        }
        return write(() -> writer.replace(kind.collection(), id, body.version(), state, by));
    }

    /**
     * Deletes the document; with {@code cascade}, its children first (engines before models), each as its own
     * change. The version is checked before any child goes, so a stale request removes nothing.
     */
    private WriteResult doDelete(Kind kind, String id, long version, boolean cascade, Attribution by) {
        checkFreeze();
        Document current = queries.require(kind, id);
        if (CatalogDocuments.versionOf(current) != version) {
            throw ApiException.versionConflict(kind.noun() + " " + id + " is at version "
                    + CatalogDocuments.versionOf(current) + ", not " + version + ": reload it and decide again");
        }
        List<Document> children = queries.children(kind, id);
        if (!children.isEmpty() && !cascade) {
            throw ApiException.conflict("This " + kind.noun() + " still has " + children.size() + " "
                    + kind.child().collection()
                    + "; delete or move them first, or pass cascade=true to delete them too.");
        }
        for (Document child : children) {
            deleteTree(kind.child(), child, by.withAction(Actions.DELETE));
        }
        return write(() -> writer.delete(kind.collection(), id, version, by));
    }

    private void deleteTree(Kind kind, Document doc, Attribution by) {
        String id = ItemViews.idOf(doc);
        for (Document child : queries.children(kind, id)) {
            deleteTree(kind.child(), child, by);
        }
        write(() -> writer.delete(kind.collection(), id, CatalogDocuments.versionOf(doc), by));
    }

    /** The parent must exist; its absence is a bad request for the API and a conflict for a rollback. */
    public void requireParent(Kind kind, String parentId, HttpStatus status) {
        if (kind.parent() == null) {
            return;
        }
        if (!queries.exists(kind.parent(), parentId)) {
            String message = "no " + kind.parent().noun() + " with this id exists";
            if (status == HttpStatus.BAD_REQUEST) {
                throw ApiException.invalid(List.of(new FieldError(kind.parentField(), message)));
            }
            throw new ApiException(
                    status,
                    "The " + kind.parent().noun() + " " + parentId + " this " + kind.noun()
                            + " belongs to no longer exists; restore it first.");
        }
    }

    private void checkFreeze() {
        write(() -> {
            freeze.check();
            return null;
        });
    }

    private static <T> T write(Supplier<T> write) {
        try {
            return write.get();
        } catch (CatalogWriteException e) {
            throw WriteErrors.translate(e);
        }
    }
}
