package io.backstop.catalog.revert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jakarta.validation.Validator;

import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

import io.backstop.catalog.api.CatalogBody;
import io.backstop.catalog.api.CatalogCommands;
import io.backstop.catalog.api.CatalogQueries;
import io.backstop.catalog.api.CatalogSchema;
import io.backstop.catalog.api.Kind;
import io.backstop.catalog.api.WriteErrors;
import io.backstop.catalog.api.WriteMetrics;
import io.backstop.outbox.Attribution;
import io.backstop.outbox.CatalogDocuments;
import io.backstop.outbox.CatalogWriteException;
import io.backstop.outbox.CatalogWriter;
import io.backstop.outbox.VersionConflictException;
import io.backstop.outbox.WriteResult;
import io.backstop.support.ApiException;
import io.backstop.support.ApiException.FieldError;

/**
 * Rollback writes: validated exactly like a PUT of the kind's body, conflict-checked on the version, a gone
 * parent is a 409 (the target version was valid once, the catalog around it changed), a deleted document is
 * re-created under its old id, a rollback to the state the document is in writes nothing.
 */
@Service
class RevertService {

    private final CatalogWriter writer;
    private final CatalogQueries queries;
    private final CatalogCommands commands;
    private final JsonMapper json;
    private final Validator validator;
    private final WriteMetrics metrics;

    RevertService(
            CatalogWriter writer,
            CatalogQueries queries,
            CatalogCommands commands,
            JsonMapper json,
            Validator validator,
            WriteMetrics metrics) {
        this.metrics = metrics;
        this.writer = writer;
        this.queries = queries;
        this.commands = commands;
        this.json = json;
        this.validator = validator;
    }

    WriteResult revert(Kind kind, String id, RevertRequest request, Attribution by) {
        return metrics.count(kind, by.action(), () -> doRevert(kind, id, request, by));
    }

    /**
     * Every path checks {@code expectedVersion} in the write itself (the writer's conditional replace / delete, the
     * tombstone for a re-create), never only by reading first: a change saved between a read and the write would
     * otherwise be overwritten.
     */
    private WriteResult doRevert(Kind kind, String id, RevertRequest request, Attribution by) {
        long expected = request.expectedVersion();
        try {
            boolean live = queries.exists(kind, id);
            if (request.document() == null) {
                if (!live) {
                    return alreadyDeleted(kind, id, expected);
                }
                if (!queries.children(kind, id).isEmpty()) {
                    throw ApiException.conflict("This " + kind.noun() + " has "
                            + kind.child().collection() + " now; rolling back to before it existed would orphan them.");
                }
                return writer.delete(kind.collection(), id, expected, by);
            }
            CatalogBody body = toBody(kind, request.document());
            commands.requireParent(kind, body.parentId(), HttpStatus.CONFLICT);
            Document state = body.toState();
            Object position = request.document().get(CatalogSchema.POSITION);
            if (position instanceof Number n) {
                state.append(CatalogSchema.POSITION, n.intValue());
            }
            return live
                    ? writer.replace(kind.collection(), id, expected, state, by)
                    : writer.recreate(kind.collection(), id, expected, state, by);
        } catch (CatalogWriteException e) {
            throw WriteErrors.translate(e);
        }
    }

    /** A rollback to "deleted" of a document that is deleted: nothing to do, if it is still the delete the caller saw. */
    private WriteResult alreadyDeleted(Kind kind, String id, long expected) {
        long deletedAt = writer.deletedVersion(kind.collection(), id);
        if (deletedAt != expected) {
            throw new VersionConflictException(kind.collection(), id, expected, deletedAt);
        }
        return WriteResult.unchanged(kind.collection(), id, deletedAt, null);
    }

    private CatalogBody toBody(Kind kind, Map<String, Object> document) {
        Map<String, Object> business = CatalogDocuments.businessFields(document);
        try {
            CatalogDocuments.requireSafeKeys(business, "");
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(List.of(new FieldError("document", e.getMessage())));
        }
        CatalogBody body;
        try {
            body = json.convertValue(business, kind.bodyType());
        } catch (DatabindException e) {
            throw ApiException.invalid(List.of(new FieldError("document", e.getOriginalMessage())));
        } catch (JacksonException | IllegalArgumentException e) {
            throw ApiException.invalid(List.of(new FieldError("document", "is not a valid " + kind.noun())));
        }
        List<FieldError> errors = new ArrayList<>();
        validator
                .validate(body)
                .forEach(v -> errors.add(new FieldError("document." + v.getPropertyPath(), v.getMessage())));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return body;
    }
}
