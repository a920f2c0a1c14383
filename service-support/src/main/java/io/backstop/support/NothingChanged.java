package io.backstop.support;

import org.springframework.http.ResponseEntity;

/**
 * How a write answers when the document already is in the requested state (a PUT of identical content, a
 * rollback to the current version): 200 with the document as it is and this header. Nothing was written, so
 * there is no new version and no audit entry. A header rather than a body field, so the answer stays the plain
 * document a client may edit and send back.
 */
public final class NothingChanged {

    public static final String HEADER = "X-Nothing-Changed";
    public static final String VALUE = "true";

    private NothingChanged() {}

    /** 200, with the header when the write changed nothing. */
    public static ResponseEntity.BodyBuilder ok(boolean changed) {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        return changed ? ok : ok.header(HEADER, VALUE);
    }
}
