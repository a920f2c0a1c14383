package io.backstop.catalog.api;

import static io.backstop.catalog.api.CatalogBody.putIfPresent;
import static io.backstop.catalog.api.CatalogSchema.*;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.bson.Document;

/** A model of a brand, e.g. {@code {"brandId": "...", "name": "A4 B9", "yearFrom": 2015, "yearTo": 2023}}. */
@CrossFieldRules
public record ModelBody(
        @NotBlank(message = "is required")
                @Pattern(regexp = "[0-9a-f]{24}", message = "must be a brand id (24 lowercase hex characters)")
                String brandId,
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters") String name,
        @Min(value = 1886, message = "must be 1886 or later") @Max(value = 2100, message = "must be 2100 or earlier")
                Integer yearFrom,
        @Min(value = 1886, message = "must be 1886 or later") @Max(value = 2100, message = "must be 2100 or earlier")
                Integer yearTo,
        @Pattern(
                        regexp = "sedan|hatchback|wagon|coupe|convertible|suv|van|pickup|roadster",
                        message =
                                "must be one of sedan, hatchback, wagon, coupe, convertible, suv, van, pickup, roadster")
                String bodyType,
        @PositiveOrZero(message = "must be 0 or more") @Max(value = 1_000_000, message = "must be at most 1000000")
                Integer position,
        @PositiveOrZero(message = "must be 0 or more") Long version)
        implements CatalogBody {

    @Override
    public Kind kind() {
        return Kind.MODELS;
    }

    @Override
    public String parentId() {
        return brandId;
    }

    @Override
    public Document toState() {
        Document d = new Document(BRAND_ID, brandId).append(NAME, name.strip());
        putIfPresent(d, YEAR_FROM, yearFrom);
        putIfPresent(d, YEAR_TO, yearTo);
        return putIfPresent(d, BODY_TYPE, bodyType);
    }
}
