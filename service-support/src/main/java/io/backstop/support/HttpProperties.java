package io.backstop.support;

import java.util.List;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxBodyBytes request bodies above this get 413; no API takes more than a catalog document or two
 * @param uploads      the few endpoints that take a file, each with its own larger limit: a request to exactly
 *                     that path (no pattern, so nothing else gets the larger limit by accident)
 */
@Validated
@ConfigurationProperties("backstop.http")
public record HttpProperties(
        @DefaultValue("1048576") @Min(1024) @Max(67108864) long maxBodyBytes,
        @DefaultValue List<@Valid Upload> uploads) {

    public record Upload(@NotBlank String path, @NotNull DataSize maxBytes) {}
}
