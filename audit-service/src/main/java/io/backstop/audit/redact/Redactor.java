package io.backstop.audit.redact;

import static io.backstop.audit.store.AuditFields.*;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.backstop.audit.store.AuditEntries;
import io.backstop.audit.store.AuditEvents;
import io.backstop.audit.store.AuditStore;
import io.backstop.audit.store.Redactions;
import io.backstop.contracts.AuditChain;
import io.backstop.support.ApiException;

/**
 * Replaces a value of an entry by its redaction marker, in {@code before}, {@code after} and every change that
 * holds it, and records who did it, when and why. The entry is one document, changed in one conditional update
 * (no transaction); the record is written after it, keyed by entry and path, so a request sent again after a crash
 * between the two writes the missing record instead of failing.
 */
@Component
class Redactor {

    private static final Logger log = LoggerFactory.getLogger(Redactor.class);

    private final MongoCollection<Document> logs;
    private final RedactionStore redactions;

    Redactor(AuditStore store, RedactionStore redactions) {
        this.logs = store.collection();
        this.redactions = redactions;
    }

    Redaction redact(RedactionRequest request, String user) {
        String entryId = request.entryId().trim();
        String path = request.path().trim();
        if (!Redactions.isValidPath(path)) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "'path' must name a value the way changes do: field names "
                            + "separated by dots, [i] for an array element (contact.email, stages[1].name); was '"
                            + path + "'",
                    List.of(new ApiException.FieldError("path", "not a path")));
        }
        Document entry = logs.find(Filters.eq(ID, entryId)).first();
        if (entry == null) {
            throw ApiException.notFound("No audit entry has the id '" + entryId + "': take the id from GET /api/audit");
        }
        Redaction record = new Redaction(
                RedactionStore.idOf(entryId, path),
                entryId,
                path,
                request.reason().trim(),
                Instant.now(),
                user);
        List<String> done = entry.getList(REDACTED_PATHS, String.class, List.of());
        if (done.contains(path)) {
            Optional<Redaction> earlier = redactions.find(record.id());
            if (earlier.isPresent()) {
                throw ApiException.conflict("'" + path + "' of entry " + entryId + " was redacted already, by "
                        + earlier.get().createdBy() + " at " + earlier.get().createdAt());
            }
            // redacted, but the record was not written: finish what a crashed request began
            redactions.save(record);
            return record;
        }
        Document redacted = redacted(entry, path);
        if (redacted == null) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "Entry " + entryId + " holds no value at '" + path
                            + "' (or only null, or a value redacted already): take the path from the entry's changes");
        }
        if (!AuditChain.entryHash(AuditEvents.of(AuditEntries.fromDocument(redacted)))
                .equals(entry.getString(HASH))) {
            throw new IllegalStateException(
                    "redacting '" + path + "' of " + entryId + " would change its hash; nothing was written");
        }
        Bson unchanged = done.isEmpty() ? Filters.exists(REDACTED_PATHS, false) : Filters.eq(REDACTED_PATHS, done);
        long matched = logs.updateOne(
                        Filters.and(Filters.eq(ID, entryId), unchanged),
                        Updates.combine(
                                Updates.set(BEFORE, redacted.get(BEFORE)), Updates.set(AFTER, redacted.get(AFTER)),
                                Updates.set(CHANGES, redacted.get(CHANGES)), Updates.push(REDACTED_PATHS, path)))
                .getMatchedCount();
        if (matched == 0) {
            throw ApiException.conflict(
                    "Entry " + entryId + " was redacted at another path meanwhile: send the request again");
        }
        redactions.save(record);
        log.info("Redacted '{}' of {} ({} by {})", path, entryId, record.reason(), user);
        return record;
    }

    /** A copy of the entry with the value at {@code path} replaced by its marker wherever it is; null when nowhere. */
    private static Document redacted(Document entry, String path) {
        Document copy = Redactions.deepCopy(entry);
        boolean any = Redactions.redact(copy.get(BEFORE), path);
        any |= Redactions.redact(copy.get(AFTER), path);
        for (Document change : copy.getList(CHANGES, Document.class, List.of())) {
            String changed = change.getString(PATH);
            if (Redactions.isWithin(changed, path)) {
                // the change is the value or a part of it
                for (String side : List.of(FROM, TO)) {
                    Object value = change.get(side);
                    if (value != null && !Redactions.isMarker(value)) {
                        change.put(side, Redactions.marker(value));
                        any = true;
                    }
                }
            } else if (Redactions.isWithin(path, changed)) {
                // the change holds the value somewhere inside
                any |= Redactions.redact(change.get(FROM), Redactions.below(path, changed));
                any |= Redactions.redact(change.get(TO), Redactions.below(path, changed));
            }
        }
        return any ? copy : null;
    }
}
