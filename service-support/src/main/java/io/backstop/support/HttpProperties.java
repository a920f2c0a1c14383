package io.backstop.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** @param maxBodyBytes request bodies above this get 413; no API takes more than a catalog document or two */
@Validated
@ConfigurationProperties("backstop.http")
public record HttpProperties(
        @DefaultValue("1048576") @Min(1024) @Max(67108864) long maxBodyBytes) {
}
