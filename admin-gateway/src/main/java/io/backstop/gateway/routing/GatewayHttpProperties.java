package io.backstop.gateway.routing;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxBodyBytes              the largest request body the gateway forwards; larger ones get 413
 * @param bodyReadTimeout           the longest a request may take to send its body, from its arrival; slower ones
 *                                  get 408 (each single read is bounded by {@code server.tomcat.connection-timeout})
 * @param maxBodyReaders            how many requests may be sending a body at once; more get 503 at once, so that
 *                                  slow senders can never take all of Tomcat's {@code server.tomcat.threads.max}
 *                                  workers; keep it well below that
 * @param maxConnectionsPerAddress  open connections one client address may hold; more are answered 429 and closed.
 *                                  Behind a reverse proxy every client has the proxy's address: raise it there and
 *                                  let the proxy cap its clients
 */
@Validated
@ConfigurationProperties("backstop.gateway")
public record GatewayHttpProperties(
        @Min(value = 1024, message = "max-body-bytes must be at least 1024")
        @Max(value = 104857600, message = "max-body-bytes must be at most 100 MB")
        long maxBodyBytes,
        @NotNull @DurationMin(seconds = 1, message = "body-read-timeout must be at least 1s")
        @DurationMax(minutes = 10, message = "body-read-timeout must be at most 10m")
        Duration bodyReadTimeout,
        @Min(value = 1, message = "max-body-readers must be at least 1") int maxBodyReaders,
        @Min(value = 1, message = "max-connections-per-address must be at least 1") int maxConnectionsPerAddress) {
}
