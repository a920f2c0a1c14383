package io.backstop.catalog;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code backstop.catalog.*}.
 *
 * @param database    the MongoDB database holding the catalog and the outbox bookkeeping
 * @param demoSeed    on start-up with an empty catalog, write the demo tuning catalog (as {@code system:seed})
 */
@Validated
@ConfigurationProperties("backstop.catalog")
public record CatalogProperties(
        @DefaultValue("catalog") @NotBlank String database, @DefaultValue("false") boolean demoSeed) {}
