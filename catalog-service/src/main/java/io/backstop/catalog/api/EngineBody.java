package io.backstop.catalog.api;

import static io.backstop.catalog.api.CatalogBody.putIfPresent;
import static io.backstop.catalog.api.CatalogSchema.*;

import java.util.List;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.bson.Document;

/** An engine of a model with its tuning stages. */
@CrossFieldRules
public record EngineBody(
        @NotBlank(message = "is required")
                @Pattern(regexp = "[0-9a-f]{24}", message = "must be a model id (24 lowercase hex characters)")
                String modelId,
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters") String name,
        @NotNull(message = "is required")
                @Pattern(
                        regexp = "petrol|diesel|hybrid|electric",
                        message = "must be one of petrol, diesel, hybrid, electric")
                String fuel,
        @NotNull(message = "is required")
                @Min(value = 1, message = "must be 1 or more")
                @Max(value = 3000, message = "must be 3000 or less")
                Integer powerHp,
        @NotNull(message = "is required")
                @Min(value = 1, message = "must be 1 or more")
                @Max(value = 5000, message = "must be 5000 or less")
                Integer torqueNm,
        @Min(value = 0, message = "must be 0 or more (0 for electric)")
                @Max(value = 10_000, message = "must be 10000 or less")
                Integer displacementCc,
        @Min(value = 0, message = "must be 0 or more") @Max(value = 16, message = "must be 16 or less")
                Integer cylinders,
        @Size(max = 40, message = "must be at most 40 characters") String engineCode,
        @Valid @Size(max = 5, message = "must have at most 5 stages")
                List<@NotNull(message = "must not be null") StageBody> stages,
        @PositiveOrZero(message = "must be 0 or more") @Max(value = 1_000_000, message = "must be at most 1000000")
                Integer position,
        @PositiveOrZero(message = "must be 0 or more") Long version)
        implements CatalogBody {

    @Override
    public Kind kind() {
        return Kind.ENGINES;
    }

    @Override
    public String parentId() {
        return modelId;
    }

    @Override
    public Document toState() {
        Document d = new Document(MODEL_ID, modelId)
                .append(NAME, name.strip())
                .append(FUEL, fuel)
                .append(POWER_HP, powerHp)
                .append(TORQUE_NM, torqueNm);
        putIfPresent(d, DISPLACEMENT_CC, displacementCc);
        putIfPresent(d, CYLINDERS, cylinders);
        putIfPresent(d, ENGINE_CODE, engineCode);
        return d.append(
                STAGES,
                stages == null
                        ? List.of()
                        : stages.stream().map(StageBody::toState).toList());
    }
}
