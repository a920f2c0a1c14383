package io.backstop.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * The one paging scheme of the API: {@code ?limit=&cursor=} in, {@link io.backstop.contracts.Page} out.
 * A cursor is opaque to clients (base64url of the position's parts) so that a service may change how it
 * seeks without breaking them; it is decoded here and nowhere else.
 */
public final class Paging {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /** U+001F, the unit separator: it cannot occur in ids, names or timestamps a cursor carries. */
    private static final String SEPARATOR = "\u001f";

    private Paging() {}

    /** @return the requested limit, or the default; a value outside 1..500 is the caller's mistake */
    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "'limit' must be between 1 and " + MAX_LIMIT + ", was " + requested
                            + ": ask for fewer and follow 'next' for the rest",
                    List.of(new ApiException.FieldError("limit", "must be between 1 and " + MAX_LIMIT)));
        }
        return requested;
    }

    public static String cursor(String... parts) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(String.join(SEPARATOR, parts).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return the parts of a cursor this service issued, or null when none was given
     * @throws ApiException 400 when the cursor was not issued by {@link #cursor} with {@code parts} parts
     */
    public static List<String> parts(String cursor, int parts) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            String[] split = text.split(SEPARATOR, -1);
            if (split.length == parts) {
                return Arrays.asList(split);
            }
        } catch (IllegalArgumentException e) {
            // not base64url: reported below like any other foreign cursor
        }
        throw notIssued();
    }

    /**
     * The parts of a cursor made by {@code cursor(list, parts...)}: a service with several lists tags each one's
     * cursors, so that one list's cursor passed to another (same shape, other filter) is refused, not obeyed.
     *
     * @return the parts after the tag, or null when no cursor was given
     */
    public static List<String> parts(String cursor, String list, int parts) {
        List<String> all = parts(cursor, parts + 1);
        if (all == null) {
            return null;
        }
        if (!all.get(0).equals(list)) {
            throw notIssued();
        }
        return all.subList(1, all.size());
    }

    /** The 400 for a cursor this list did not issue, also for one whose parts do not parse. */
    public static ApiException notIssued() {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "'cursor' is not a cursor this list issued: pass the 'next' value of the previous page unchanged,"
                        + " with the same path and filters",
                List.of(new ApiException.FieldError("cursor", "not issued by this list")));
    }
}
