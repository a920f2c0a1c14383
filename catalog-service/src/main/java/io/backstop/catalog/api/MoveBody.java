package io.backstop.catalog.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

/** A model to another brand, an engine to another model, and/or a new position among its siblings. */
public record MoveBody(
        @Pattern(regexp = "[0-9a-f]{24}", message = "must be an id (24 lowercase hex characters)") String parentId,
        @PositiveOrZero(message = "must be 0 or more") @Max(value = 1_000_000, message = "must be at most 1000000")
                Integer position,
        @NotNull(message = "is required: the version you last saw") @PositiveOrZero(message = "must be 0 or more")
                Long version) {}
