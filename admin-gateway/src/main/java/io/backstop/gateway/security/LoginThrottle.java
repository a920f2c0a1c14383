package io.backstop.gateway.security;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Failed logins per user name and per client address, as Bucket4j token buckets: only failures take a token, and a
 * login (right password or not) is refused while either bucket of the attempt is empty. Throttling the user name
 * stops a guesser who rotates addresses; throttling the address stops one who rotates user names.
 *
 * <p>The buckets live in a Caffeine cache that forgets a key once its longest period has passed without a failure
 * and holds a bounded number of keys, so a flood of made-up user names cannot grow the heap.
 */
public final class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final int MAX_KEYS = 100_000;

    private final LoginThrottleProperties properties;
    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;
    private final MeterRegistry meters;

    public LoginThrottle(LoginThrottleProperties properties, TimeMeter time, MeterRegistry meters) {
        this.properties = properties;
        this.time = time;
        this.meters = meters;
        Duration longest = properties.steps().get(properties.steps().size() - 1).per();
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_KEYS)
                .expireAfterAccess(longest)
                .build();
    }

    /** Refused login attempts: the wait until the next one is allowed. */
    public static final class Throttled extends org.springframework.security.core.AuthenticationException {

        private final Duration retryAfter;

        Throttled(Duration retryAfter) {
            super("Too many failed logins for this user or from this address; try again in " + seconds(retryAfter)
                    + " s.");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        /** Whole seconds, rounded up, as Retry-After wants them. */
        public long retryAfterSeconds() {
            return seconds(retryAfter);
        }

        private static long seconds(Duration wait) {
            return Math.max(1, (wait.toMillis() + 999) / 1000);
        }
    }

    /** Throws {@link Throttled} when this user name or this address has spent its failures. */
    public void check(String username, String address, String via) {
        long wait = Math.max(waitNanos(userKey(username)), waitNanos(addressKey(address)));
        if (wait > 0) {
            meters.counter("backstop.login.throttled", "via", via).increment();
            log.warn(
                    "login throttled for user '{}' from {} via {}: retry in {} ms",
                    printable(username),
                    address,
                    via,
                    Duration.ofNanos(wait).toMillis());
            throw new Throttled(Duration.ofNanos(wait));
        }
    }

    public void failed(String username, String address, String via) {
        meters.counter("backstop.login.failures", "via", via).increment();
        log.warn("failed login for user '{}' from {} via {}", printable(username), address, via);
        bucket(userKey(username), 1).consumeIgnoringRateLimits(1);
        bucket(addressKey(address), properties.addressAllowance()).consumeIgnoringRateLimits(1);
    }

    /**
     * The user's own failures are forgiven; the address's are not, or a guesser holding one valid account could
     * clear its address's bucket between guesses at other accounts.
     */
    public void succeeded(String username) {
        buckets.invalidate(userKey(username));
    }

    private long waitNanos(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket == null) {
            return 0;
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
    }

    private Bucket bucket(String key, int allowance) {
        return buckets.get(key, k -> {
            LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(time);
            for (LoginThrottleProperties.Step step : properties.steps()) {
                long failures = (long) step.failures() * allowance;
                builder.addLimit(limit -> limit.capacity(failures).refillIntervally(failures, step.per()));
            }
            return builder.build();
        });
    }

    private static String userKey(String username) {
        return "user:" + username;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    /** A user name is whatever the client sent: no line breaks or control characters reach the log. */
    private static String printable(String username) {
        String shown = username == null ? "" : username.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 64 ? shown.substring(0, 64) + "..." : shown;
    }
}
