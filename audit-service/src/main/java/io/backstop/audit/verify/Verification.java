package io.backstop.audit.verify;

import java.time.Instant;

/**
 * What a verification of the trail found: {@code ok} and the number of entries on the global chain it checked
 * (up to the checkpointed head), or the first broken link.
 *
 * @param brokenLink null when {@code ok}
 */
public record Verification(boolean ok, long entries, Instant verifiedAt, BrokenLink brokenLink) {

    /**
     * The first link that does not hold, in chain order.
     *
     * @param id     the entry: the one changed or inserted, or the one that is missing
     * @param kind   {@code changed}, {@code deleted} or {@code inserted}
     * @param detail what exactly does not match
     */
    public record BrokenLink(String id, String kind, String detail) {

        public static final String CHANGED = "changed";
        public static final String DELETED = "deleted";
        public static final String INSERTED = "inserted";
    }

    static Verification ok(long entries) {
        return new Verification(true, entries, Instant.now(), null);
    }

    static Verification broken(long entries, String id, String kind, String detail) {
        return new Verification(false, entries, Instant.now(), new BrokenLink(id, kind, detail));
    }
}
