package io.backstop.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves by hand, so expiry, staleness and ages are tested without sleeping. Shared by every
 * module's tests through service-support's test-jar.
 */
public final class MutableClock extends Clock {

    /** Where a test's time starts unless it says otherwise. */
    public static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

    private volatile Instant now;

    public MutableClock() {
        this(START);
    }

    public MutableClock(Instant start) {
        this.now = start;
    }

    /** Moves time by {@code duration}, which may be negative (a clock read before another event). */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
