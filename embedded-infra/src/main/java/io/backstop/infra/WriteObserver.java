package io.backstop.infra;

import de.bwaldvogel.mongo.bson.Document;

/** What the server tells of each document it wrote, in the order it wrote them, under the collection's lock. */
interface WriteObserver {

    WriteObserver NONE = new WriteObserver() {
        @Override
        public void inserted(String namespace, Document document) {}

        @Override
        public void updated(String namespace, Document before, Document after, boolean replacement) {}

        @Override
        public void deleted(String namespace, Document before) {}
    };

    void inserted(String namespace, Document document);

    void updated(String namespace, Document before, Document after, boolean replacement);

    void deleted(String namespace, Document before);
}
