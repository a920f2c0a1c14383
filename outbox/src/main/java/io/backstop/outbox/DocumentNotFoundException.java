package io.backstop.outbox;

/** A replace or delete found no document with that id (a document under a delete marker counts as gone). */
public final class DocumentNotFoundException extends CatalogWriteException {

    public DocumentNotFoundException(String collection, String documentId) {
        super(collection + "/" + documentId + " does not exist");
    }
}
