package io.backstop.catalog.schema;

import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;

import org.springframework.stereotype.Component;

import io.backstop.catalog.api.Kind;
import io.backstop.contracts.CatalogFields;

/**
 * Builds the {@link FormSchema} once from Bean Validation's metadata of each kind's Body record, the one
 * definition of the catalog's business fields: the record declares the names and their order, its constraints
 * the limits.
 */
@Component
public class FormSchemas {

    /** A pattern that is only a choice of words ({@code petrol|diesel|...}) is a list of options. */
    private static final Pattern WORDS = Pattern.compile("\\w+(\\|\\w+)+");

    private final FormSchema schema;

    public FormSchemas(Validator validator) {
        Map<String, FormSchema.KindSchema> kinds = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            Set<String> notEdited = kind.parentField() == null
                    ? Set.of(CatalogFields.POSITION)
                    : Set.of(CatalogFields.POSITION, kind.parentField());
            kinds.put(
                    kind.collection(),
                    new FormSchema.KindSchema(kind.parentField(), fields(validator, kind.bodyType(), notEdited)));
        }
        this.schema = new FormSchema(
                Collections.unmodifiableMap(kinds),
                Collections.unmodifiableSortedSet(new TreeSet<>(CatalogFields.NOT_BUSINESS)));
    }

    public FormSchema schema() {
        return schema;
    }

    private static List<FormSchema.Field> fields(Validator validator, Class<?> record, Set<String> notEdited) {
        var bean = validator.getConstraintsForClass(record);
        List<FormSchema.Field> fields = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = component.getName();
            if (!CatalogFields.isBusiness(name) || notEdited.contains(name)) {
                continue;
            }
            PropertyDescriptor property = bean.getConstraintsForProperty(name);
            Set<ConstraintDescriptor<?>> constraints =
                    property == null ? Set.of() : property.getConstraintDescriptors();
            fields.add(field(validator, component, constraints));
        }
        return List.copyOf(fields);
    }

    private static FormSchema.Field field(
            Validator validator, RecordComponent component, Set<ConstraintDescriptor<?>> constraints) {
        Class<?> type = component.getType();
        boolean list = List.class.isAssignableFrom(type);
        boolean required = false;
        Long minimum = null;
        Long maximum = null;
        Integer maxSize = null;
        String pattern = null;
        for (ConstraintDescriptor<?> descriptor : constraints) {
            Annotation a = descriptor.getAnnotation();
            if (a instanceof NotNull || a instanceof NotBlank) {
                required = true;
            } else if (a instanceof Min min) {
                minimum = min.value();
            } else if (a instanceof PositiveOrZero) {
                minimum = 0L;
            } else if (a instanceof Positive) {
                minimum = 1L;
            } else if (a instanceof Max max) {
                maximum = max.value();
            } else if (a instanceof Size size) {
                maxSize = size.max();
            } else if (a instanceof jakarta.validation.constraints.Pattern p) {
                pattern = p.regexp();
            } else {
                // a limit the form would not know about is how the form and the API drift apart: refuse to start
                throw new IllegalStateException(component.getDeclaringRecord().getSimpleName() + "."
                        + component.getName() + ": @" + a.annotationType().getSimpleName()
                        + " is not served by the form schema; add it to FormSchemas");
            }
        }
        List<String> options =
                pattern != null && WORDS.matcher(pattern).matches() ? Arrays.asList(pattern.split("\\|")) : null;
        List<FormSchema.Field> items = null;
        if (list
                && component.getGenericType() instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] instanceof Class<?> element
                && element.isRecord()) {
            items = fields(validator, element, Set.of());
        }
        String jsonType = list ? "array" : Number.class.isAssignableFrom(type) ? "integer" : "string";
        return new FormSchema.Field(
                component.getName(),
                jsonType,
                required,
                minimum,
                maximum,
                list ? null : maxSize,
                list ? maxSize : null,
                options == null ? pattern : null,
                options,
                items);
    }
}
