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

/** A brand, e.g. {@code {"name": "Audi", "country": "DE"}}. */
public record BrandBody(
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters") String name,
        @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 country code such as DE") String country,
        @Size(max = 500, message = "must be at most 500 characters")
                @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
                String logoUrl,
        @Min(value = 1800, message = "must be 1800 or later") @Max(value = 2100, message = "must be 2100 or earlier")
                Integer founded,
        @Size(max = 2000, message = "must be at most 2000 characters") String description,
        @PositiveOrZero(message = "must be 0 or more") @Max(value = 1_000_000, message = "must be at most 1000000")
                Integer position,
        @PositiveOrZero(message = "must be 0 or more") Long version)
        implements CatalogBody {

    @Override
    public Kind kind() {
        return Kind.BRANDS;
    }

    @Override
    public String parentId() {
        return null;
    }

    @Override
    public Document toState() {
        Document d = new Document(NAME, name.strip());
        putIfPresent(d, COUNTRY, country);
        putIfPresent(d, LOGO_URL, logoUrl);
        putIfPresent(d, FOUNDED, founded);
        return putIfPresent(d, DESCRIPTION, description);
    }
}
