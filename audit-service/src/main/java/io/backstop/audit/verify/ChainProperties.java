package io.backstop.audit.verify;

import java.time.Duration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code backstop.audit.chain.*}, validated once at start-up.
 *
 * @param verifyInterval pause between two scheduled verifications of the trail (the first runs one interval after
 *                       start-up). A run reads every entry once, about as much as a backup's dump of the trail
 */
@Validated
@ConfigurationProperties("backstop.audit.chain")
public record ChainProperties(@NotNull @DefaultValue("1h") Duration verifyInterval) {

    @AssertTrue(message = "backstop.audit.chain.verify-interval must be at least 1s")
    public boolean isIntervalSane() {
        return verifyInterval == null || verifyInterval.compareTo(Duration.ofSeconds(1)) >= 0;
    }
}
