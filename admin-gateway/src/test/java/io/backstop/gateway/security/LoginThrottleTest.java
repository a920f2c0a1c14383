package io.backstop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The throttle's arithmetic on a clock the test turns: delays that grow, then the lockout. */
class LoginThrottleTest {

    private final AtomicLong nanos = new AtomicLong();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LoginThrottle throttle = new LoginThrottle(
            new LoginThrottleProperties(
                    List.of(
                            new LoginThrottleProperties.Step(3, Duration.ofMinutes(1)),
                            new LoginThrottleProperties.Step(6, Duration.ofMinutes(15)),
                            new LoginThrottleProperties.Step(9, Duration.ofHours(1))),
                    1),
            new TimeMeter() {
                @Override
                public long currentTimeNanos() {
                    return nanos.get();
                }

                @Override
                public boolean isWallClockBased() {
                    return false;
                }
            },
            meters);

    @Test
    void delaysGrowThenTheUserIsLockedOut() {
        fail("editor", "10.0.0.1", 3);
        assertThat(waitFor("editor", "10.0.0.2")).isEqualTo(Duration.ofMinutes(1));

        pass(Duration.ofMinutes(1));
        fail("editor", "10.0.0.3", 3);
        assertThat(waitFor("editor", "10.0.0.4")).isEqualTo(Duration.ofMinutes(14));

        pass(Duration.ofMinutes(14));
        fail("editor", "10.0.0.5", 3);
        assertThat(waitFor("editor", "10.0.0.6")).isEqualTo(Duration.ofMinutes(45));

        pass(Duration.ofMinutes(45));
        assertThatCode(() -> throttle.check("editor", "10.0.0.7", "basic")).doesNotThrowAnyException();
    }

    @Test
    void oneAddressTryingManyUsersIsThrottledToo() {
        throttle.failed("admin", "10.0.0.9", "basic");
        throttle.failed("editor", "10.0.0.9", "basic");
        throttle.failed("viewer", "10.0.0.9", "basic");

        assertThat(waitFor("someone-else", "10.0.0.9")).isEqualTo(Duration.ofMinutes(1));
        assertThatCode(() -> throttle.check("someone-else", "10.0.0.10", "basic"))
                .doesNotThrowAnyException();
    }

    @Test
    void anAddressSharedByManyUsersMayFailItsAllowanceBeforeItIsThrottled() {
        LoginThrottle shared = new LoginThrottle(
                new LoginThrottleProperties(List.of(new LoginThrottleProperties.Step(3, Duration.ofMinutes(1))), 4),
                TimeMeter.SYSTEM_NANOTIME,
                meters);
        for (int i = 0; i < 11; i++) {
            shared.failed("user-" + i, "10.0.0.20", "basic");
        }
        assertThatCode(() -> shared.check("colleague", "10.0.0.20", "basic"))
                .as("11 failures of 4 x 3 allowed: someone else at the address still logs in")
                .doesNotThrowAnyException();
        shared.failed("user-11", "10.0.0.20", "basic");
        assertThatThrownBy(() -> shared.check("colleague", "10.0.0.20", "basic"))
                .isInstanceOf(LoginThrottle.Throttled.class);

        for (int i = 0; i < 3; i++) {
            shared.failed("mistyper", "10.0.0.21", "basic");
        }
        assertThatThrownBy(() -> shared.check("mistyper", "10.0.0.21", "basic"))
                .as("one user name still gets its step, not the address's allowance")
                .isInstanceOf(LoginThrottle.Throttled.class);
    }

    @Test
    void aGoodLoginForgivesTheUserButNotTheAddress() {
        fail("editor", "10.0.0.1", 2);
        throttle.succeeded("editor");
        fail("editor", "10.0.0.2", 2);
        assertThatCode(() -> throttle.check("editor", "10.0.0.3", "basic")).doesNotThrowAnyException();

        throttle.failed("viewer", "10.0.0.1", "basic");
        throttle.succeeded("viewer");
        assertThat(waitFor("admin", "10.0.0.1")).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void failedAndThrottledLoginsAreCounted() {
        fail("editor", "10.0.0.1", 3);
        waitFor("editor", "10.0.0.1");

        assertThat(meters.counter("backstop.login.failures", "via", "session").count())
                .isEqualTo(3);
        assertThat(meters.counter("backstop.login.throttled", "via", "session").count())
                .isEqualTo(1);
    }

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.check(user, address, "session");
            throttle.failed(user, address, "session");
        }
    }

    private Duration waitFor(String user, String address) {
        LoginThrottle.Throttled throttled =
                catchThrowableOfType(LoginThrottle.Throttled.class, () -> throttle.check(user, address, "session"));
        assertThat(throttled).as("throttled").isNotNull();
        return throttled.retryAfter();
    }

    private void pass(Duration time) {
        nanos.addAndGet(time.toNanos());
    }
}
