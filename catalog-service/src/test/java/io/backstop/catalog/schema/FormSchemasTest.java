package io.backstop.catalog.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.backstop.catalog.api.Kind;
import io.backstop.contracts.CatalogFields;

/**
 * The served form schema says exactly what the Body records enforce: every limit it serves is checked against the
 * validator on both sides of the boundary, and it lists every business field of each record and no other.
 */
class FormSchemasTest {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();
    private final FormSchema schema = new FormSchemas(VALIDATOR).schema();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void servesEveryBusinessFieldOfEachBodyRecordInItsOrder() {
        assertThat(schema.kinds().keySet()).containsExactly("brands", "models", "engines");
        for (Kind kind : Kind.values()) {
            FormSchema.KindSchema served = schema.kinds().get(kind.collection());
            assertThat(served.parentField()).isEqualTo(kind.parentField());
            assertThat(served.fields())
                    .extracting(FormSchema.Field::name)
                    .as(kind.collection())
                    .containsExactlyElementsOf(formFields(kind.bodyType(), kind.parentField()));
        }
        FormSchema.Field stages = field("engines", CatalogFields.STAGES);
        assertThat(stages.items())
                .extracting(FormSchema.Field::name)
                .containsExactlyElementsOf(
                        formFields(elementType(Kind.ENGINES.bodyType(), CatalogFields.STAGES), null));
    }

    @Test
    void everyServedLimitIsTheOneTheApiEnforces() {
        for (Kind kind : Kind.values()) {
            for (FormSchema.Field f : schema.kinds().get(kind.collection()).fields()) {
                checkAgainstValidator(kind.bodyType(), f);
                if (f.items() != null) {
                    Class<?> element = elementType(kind.bodyType(), f.name());
                    f.items().forEach(item -> checkAgainstValidator(element, item));
                }
            }
        }
    }

    @Test
    void servesTheLimitsTheFormNeeds() {
        assertThat(field("brands", "name"))
                .extracting(FormSchema.Field::type, FormSchema.Field::required, FormSchema.Field::maxLength)
                .containsExactly("string", true, 100);
        assertThat(field("engines", "fuel").options()).containsExactly("petrol", "diesel", "hybrid", "electric");
        assertThat(field("engines", "powerHp"))
                .extracting(FormSchema.Field::type, FormSchema.Field::minimum, FormSchema.Field::maximum)
                .containsExactly("integer", 1L, 3000L);
        assertThat(field("engines", "stages"))
                .extracting(FormSchema.Field::type, FormSchema.Field::maxItems)
                .containsExactly("array", 5);
        assertThat(schema.notBusiness()).isEqualTo(CatalogFields.NOT_BUSINESS);
    }

    private void checkAgainstValidator(Class<?> type, FormSchema.Field f) {
        String at = type.getSimpleName() + "." + f.name();
        assertThat(valid(type, f.name(), null)).as(at + " null").isEqualTo(!f.required());
        if (f.minimum() != null) {
            assertThat(valid(type, f.name(), (int) (long) f.minimum()))
                    .as(at + " minimum")
                    .isTrue();
            assertThat(valid(type, f.name(), (int) (f.minimum() - 1)))
                    .as(at + " below minimum")
                    .isFalse();
        }
        if (f.maximum() != null) {
            assertThat(valid(type, f.name(), (int) (long) f.maximum()))
                    .as(at + " maximum")
                    .isTrue();
            assertThat(valid(type, f.name(), (int) (f.maximum() + 1)))
                    .as(at + " above maximum")
                    .isFalse();
        }
        if (f.options() != null) {
            f.options().forEach(o -> assertThat(valid(type, f.name(), o))
                    .as(at + " option " + o)
                    .isTrue());
            assertThat(valid(type, f.name(), "other")).as(at + " not an option").isFalse();
        }
        if (f.pattern() != null) {
            assertThat(valid(type, f.name(), "not matching ✗"))
                    .as(at + " pattern")
                    .isFalse();
        }
        // a string limited by a pattern as well cannot be made up here; its pattern and length are both refused above
        if (f.maxLength() != null && f.pattern() == null) {
            assertThat(valid(type, f.name(), "x".repeat(f.maxLength())))
                    .as(at + " maxLength")
                    .isTrue();
            assertThat(valid(type, f.name(), "x".repeat(f.maxLength() + 1)))
                    .as(at + " above maxLength")
                    .isFalse();
        }
        if (f.maxItems() != null) {
            Object element = emptyRecord(elementType(type, f.name()));
            assertThat(valid(type, f.name(), Collections.nCopies(f.maxItems(), element)))
                    .as(at + " maxItems")
                    .isTrue();
            assertThat(valid(type, f.name(), Collections.nCopies(f.maxItems() + 1, element)))
                    .as(at + " above maxItems")
                    .isFalse();
        }
        if (f.required() && "string".equals(f.type())) {
            assertThat(valid(type, f.name(), " ")).as(at + " blank").isFalse();
        }
    }

    /** validateValue does not cascade (@Valid), so an element whose fields are all null counts only as an element. */
    private static Object emptyRecord(Class<?> record) {
        try {
            Class<?>[] types = Arrays.stream(record.getRecordComponents())
                    .map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            var constructor = record.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(new Object[types.length]);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Class<?> elementType(Class<?> record, String name) {
        return (Class<?>)
                ((ParameterizedType) recordComponent(record, name).getGenericType()).getActualTypeArguments()[0];
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean valid(Class type, String property, Object value) {
        return VALIDATOR.validateValue(type, property, value).isEmpty();
    }

    private FormSchema.Field field(String kind, String name) {
        return schema.kinds().get(kind).fields().stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> formFields(Class<?> record, String parentField) {
        return Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName)
                .filter(n -> CatalogFields.isBusiness(n)
                        && !Set.of(CatalogFields.POSITION, String.valueOf(parentField))
                                .contains(n))
                .toList();
    }

    private static RecordComponent recordComponent(Class<?> record, String name) {
        return Arrays.stream(record.getRecordComponents())
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
