package io.backstop.gateway.security;

import java.time.Duration;
import java.util.List;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How many failed logins a user name, and a client address, may have before further attempts are refused with 429.
 * Each step is one token bucket limit; a caller who has spent a step's failures waits until that step's period has
 * passed. Steps with more failures and longer periods make the waits grow, and the last one is the lockout.
 *
 * @param steps            at least one; failures and periods must both increase from step to step
 * @param addressAllowance how many times a step's failures one client address may have: many users share an address
 *                         (an office behind NAT, a proxy, this machine's loopback), and one of them mistyping must
 *                         not lock the others out, while a guesser rotating user names is still stopped
 */
@Validated
@ConfigurationProperties("backstop.gateway.login-throttle")
public record LoginThrottleProperties(
        @NotEmpty @Valid List<Step> steps,
        @Min(value = 1, message = "address-allowance must be at least 1") int addressAllowance) {

    /**
     * @param failures how many failed logins are allowed within {@code per}
     * @param per      the period after which they are allowed again
     */
    public record Step(
            @Min(value = 1, message = "failures must be at least 1") int failures,
            @NotNull @DurationMin(seconds = 1, message = "per must be at least 1s") Duration per) {}

    @AssertTrue(message = "each step needs more failures and a longer period than the step before it")
    boolean isGrowing() {
        for (int i = 1; steps != null && i < steps.size(); i++) {
            Step before = steps.get(i - 1);
            Step step = steps.get(i);
            if (before == null || step == null || step.per() == null || before.per() == null) {
                return true;
            }
            if (step.failures() <= before.failures() || step.per().compareTo(before.per()) <= 0) {
                return false;
            }
        }
        return true;
    }
}
