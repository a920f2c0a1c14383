package io.backstop.outbox;

/** A create found a document with that id (or one still being deleted). */
public final class DocumentExistsException extends CatalogWriteException {

    public DocumentExistsException(String collection, String documentId) {
        super(collection + "/" + documentId + " already exists");
    }
}
