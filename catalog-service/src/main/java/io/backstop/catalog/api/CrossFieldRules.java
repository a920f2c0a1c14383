package io.backstop.catalog.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Objects;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Rules that involve two fields, reported on the field the client has to change (so the 400 names
 * {@code yearTo} or {@code stages}, not a synthetic property).
 */
@Documented
@Constraint(validatedBy = {CrossFieldRules.ModelRules.class, CrossFieldRules.EngineRules.class})
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface CrossFieldRules {

    String message() default "is inconsistent";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class ModelRules implements ConstraintValidator<CrossFieldRules, ModelBody> {
        @Override
        public boolean isValid(ModelBody body, ConstraintValidatorContext context) {
            if (body == null || body.yearFrom() == null || body.yearTo() == null || body.yearTo() >= body.yearFrom()) {
                return true;
            }
            return Violations.on(
                    context, CatalogSchema.YEAR_TO, "must not be before yearFrom (" + body.yearFrom() + ")");
        }
    }

    final class EngineRules implements ConstraintValidator<CrossFieldRules, EngineBody> {
        @Override
        public boolean isValid(EngineBody body, ConstraintValidatorContext context) {
            if (body == null || body.stages() == null) {
                return true;
            }
            for (int i = 0; i < body.stages().size(); i++) {
                StageBody s = body.stages().get(i);
                if (s != null && s.stage() != null && !Objects.equals(s.stage(), i + 1)) {
                    return Violations.on(context, CatalogSchema.STAGES, "must be numbered 1, 2, 3 ... in order");
                }
            }
            return true;
        }
    }

    /** Reports on {@code field} instead of on the object. */
    final class Violations {
        private Violations() {}

        static boolean on(ConstraintValidatorContext context, String field, String message) {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(message)
                    .addPropertyNode(field)
                    .addConstraintViolation();
            return false;
        }
    }
}
