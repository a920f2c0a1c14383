package io.backstop.catalog.api;

import java.util.List;

import org.bson.Document;

import io.backstop.contracts.Actions;
import io.backstop.contracts.HeaderText;
import io.backstop.outbox.Attribution;
import io.backstop.support.ApiException;
import io.backstop.support.CurrentUser;

/** Who, when and why for an API write: the token's user, the request id, the {@code X-Change-Reason} header. */
public final class Attributions {

    /** Read by @RequestHeader after service-support has decoded either of its forms (HeaderText). */
    public static final String REASON_HEADER = HeaderText.CHANGE_REASON;

    private Attributions() {}

    public static Attribution current(Actions action, String reason, Document metadata) {
        if (reason != null && reason.length() > Attribution.MAX_REASON_LENGTH) {
            throw ApiException.invalid(List.of(new ApiException.FieldError(
                    REASON_HEADER, "must be at most " + Attribution.MAX_REASON_LENGTH + " characters")));
        }
        String trimmed = reason == null || reason.isBlank() ? null : reason.strip();
        return new Attribution(action, CurrentUser.name(), trimmed, CurrentUser.requestId(), metadata);
    }
}
