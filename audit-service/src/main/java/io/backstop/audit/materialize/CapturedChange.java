package io.backstop.audit.materialize;

import org.bson.Document;

/** One capture record, parsed: the envelope's op, documents as BSON, and where it came from. */
record CapturedChange(
        String collection,
        String documentId,
        String op,
        Document before,
        Document after,
        String position,
        long sourceTsMs) {}
