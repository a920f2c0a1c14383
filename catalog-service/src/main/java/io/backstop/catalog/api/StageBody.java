package io.backstop.catalog.api;

import static io.backstop.catalog.api.CatalogSchema.*;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.bson.Document;

/** One tuning stage of an engine: the output after the tune and its price in whole euros. */
public record StageBody(
        @NotNull(message = "is required")
                @Min(value = 1, message = "must be 1 or more")
                @Max(value = 5, message = "must be 5 or less")
                Integer stage,
        @NotNull(message = "is required")
                @Min(value = 1, message = "must be 1 or more")
                @Max(value = 3000, message = "must be 3000 or less")
                Integer powerHp,
        @NotNull(message = "is required")
                @Min(value = 1, message = "must be 1 or more")
                @Max(value = 5000, message = "must be 5000 or less")
                Integer torqueNm,
        @NotNull(message = "is required")
                @Min(value = 0, message = "must be 0 or more")
                @Max(value = 100_000, message = "must be 100000 or less")
                Integer priceEur) {

    Document toState() {
        return new Document(STAGE, stage)
                .append(POWER_HP, powerHp)
                .append(TORQUE_NM, torqueNm)
                .append(PRICE_EUR, priceEur);
    }
}
