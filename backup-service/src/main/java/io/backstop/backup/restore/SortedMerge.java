package io.backstop.backup.restore;

import java.util.Iterator;

import org.bson.Document;

import io.backstop.contracts.MongoFields;

/**
 * Walks two streams of documents, each in ascending {@code _id} order, in step: memory holds one document of each.
 * A stream that is not in order fails loudly instead of producing a wrong comparison.
 */
public final class SortedMerge {

    private SortedMerge() {}

    public interface Visitor {
        /** Only in the desired state (backup): missing live. */
        void onlyDesired(Document desired);

        /** Only live: absent from the desired state. */
        void onlyActual(Document actual);

        void both(Document desired, Document actual);
    }

    public static void merge(Iterator<Document> desired, Iterator<Document> actual, Visitor visitor) {
        Ordered left = new Ordered(desired, "backup");
        Ordered right = new Ordered(actual, "live");
        Document d = left.next();
        Document a = right.next();
        while (d != null || a != null) {
            int cmp = d == null
                    ? 1
                    : a == null ? -1 : IdOrder.INSTANCE.compare(d.get(MongoFields.ID), a.get(MongoFields.ID));
            if (cmp < 0) {
                visitor.onlyDesired(d);
                d = left.next();
            } else if (cmp > 0) {
                visitor.onlyActual(a);
                a = right.next();
            } else {
                visitor.both(d, a);
                d = left.next();
                a = right.next();
            }
        }
    }

    private static final class Ordered {
        private final Iterator<Document> it;
        private final String name;
        private Object lastId;
        private boolean first = true;

        Ordered(Iterator<Document> it, String name) {
            this.it = it;
            this.name = name;
        }

        Document next() {
            if (!it.hasNext()) {
                return null;
            }
            Document doc = it.next();
            Object id = doc.get(MongoFields.ID);
            if (!first && IdOrder.INSTANCE.compare(lastId, id) >= 0) {
                throw new IllegalStateException("The " + name + " documents are not in ascending _id order at _id " + id
                        + " (after " + lastId + "): cannot compare them as sorted streams");
            }
            first = false;
            lastId = id;
            return doc;
        }
    }
}
