package io.backstop.gateway.routing;

import java.time.Duration;
import java.util.List;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
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
 * @param uploads                   the few paths that take a file, each with its own body size and time limits in
 *                                  place of {@code maxBodyBytes} and {@code bodyReadTimeout} (exact paths: nothing
 *                                  else gets the larger limits by accident); still counted in {@code maxBodyReaders}
 */
@Validated
@ConfigurationProperties("backstop.gateway")
public record GatewayHttpProperties(
        @Min(value = 1024, message = "max-body-bytes must be at least 1024")
                @Max(value = 104857600, message = "max-body-bytes must be at most 100 MB")
                long maxBodyBytes,
        @NotNull
                @DurationMin(seconds = 1, message = "body-read-timeout must be at least 1s")
                @DurationMax(minutes = 10, message = "body-read-timeout must be at most 10m")
                Duration bodyReadTimeout,
        @Min(value = 1, message = "max-body-readers must be at least 1") int maxBodyReaders,
        @Min(value = 1, message = "max-connections-per-address must be at least 1") int maxConnectionsPerAddress,
        @DefaultValue List<@Valid Upload> uploads) {

    public record Upload(
            @NotBlank(message = "uploads[].path is required") String path,
            @NotNull(message = "uploads[].max-bytes is required") DataSize maxBytes,
            @NotNull(message = "uploads[].read-timeout is required")
                    @DurationMax(minutes = 60, message = "uploads[].read-timeout must be at most 60m")
                    Duration readTimeout) {}
}
