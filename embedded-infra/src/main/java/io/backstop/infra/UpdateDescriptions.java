package io.backstop.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import de.bwaldvogel.mongo.bson.Document;

/**
 * A change event's {@code updateDescription}, worked out from the document before and after an update: the
 * server applies the update in place and keeps no delta, so the delta is recovered by comparing. Embedded
 * documents are compared field by field and reported with dotted paths, as MongoDB's v2 oplog deltas do; an array
 * that changed is reported whole.
 */
final class UpdateDescriptions {

    private UpdateDescriptions() {}

    static Document between(Document before, Document after) {
        Document updated = new Document();
        List<String> removed = new ArrayList<>();
        compare("", before, after, updated, removed);
        return new Document("updatedFields", updated)
                .append("removedFields", removed)
                .append("truncatedArrays", List.of());
    }

    private static void compare(
            String prefix, Document before, Document after, Document updated, List<String> removed) {
        for (String field : before.keySet()) {
            if (!after.containsKey(field)) {
                removed.add(prefix + field);
            }
        }
        for (String field : after.keySet()) {
            Object was = before.get(field);
            Object now = after.get(field);
            if (!before.containsKey(field)) {
                updated.put(prefix + field, copy(now));
            } else if (was instanceof Document w && now instanceof Document n && !w.isEmpty() && !n.isEmpty()) {
                compare(prefix + field + ".", w, n, updated, removed);
            } else if (!Objects.equals(was, now)) {
                updated.put(prefix + field, copy(now));
            }
        }
    }

    private static Object copy(Object value) {
        return value instanceof Document d ? d.cloneDeeply() : value;
    }
}
