package io.backstop.support.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaWildcardType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The style rules a tool can check, shared by the four services (each runs them from its ArchitectureTest).
 * Every {@code because} says how to fix a violation.
 */
public final class BackstopArchRules {

    private static final List<String> SERVICES = List.of("catalog", "audit", "backup", "gateway");

    private BackstopArchRules() {}

    public static final ArchRule NO_FIELD_INJECTION = noFields()
            .should()
            .beAnnotatedWith(Autowired.class)
            .because(
                    "inject through the constructor into a private final field, so the class is testable without Spring");

    public static final ArchRule CONTROLLERS_ARE_PACKAGE_PRIVATE = classes()
            .that()
            .areAnnotatedWith(RestController.class)
            .should()
            .notBePublic()
            .because("the HTTP API is the contract, not the Java class: drop 'public' from the controller");

    public static final ArchRule HANDLERS_RETURN_NO_DOCUMENT_OR_OPTIONAL = methods()
            .that()
            .areMetaAnnotatedWith(RequestMapping.class)
            .should()
            .notHaveRawReturnType("org.bson.Document")
            .andShould()
            .notHaveRawReturnType(Optional.class)
            .because(
                    "return a DTO record (map the stored document in a small mapper) and answer a missing resource with a 404 ApiException");

    /**
     * A handler's answer is the API's contract, so it is a type the OpenAPI document can describe and a client can
     * rely on: not a map whose keys only the code knows (issue 15). Type arguments count too, so
     * {@code ResponseEntity<Map<..>>} and {@code List<Map<..>>} are caught.
     */
    public static final ArchRule HANDLERS_RETURN_NO_MAP = methods()
            .that()
            .areMetaAnnotatedWith(RequestMapping.class)
            .should(new ArchCondition<JavaMethod>("not return a Map, also not inside a type argument") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    if (mentionsMap(method.getReturnType())) {
                        events.add(SimpleConditionEvent.violated(
                                method,
                                method.getFullName() + " returns "
                                        + method.getReturnType().getName()));
                    }
                }
            })
            .because("return a record per response in the service that owns it (see io.backstop.contracts.Page for"
                    + " lists), so springdoc documents every field and the UI reads documented names only");

    private static boolean mentionsMap(JavaType type) {
        if (type.toErasure().isAssignableTo(Map.class)) {
            return true;
        }
        if (type instanceof JavaParameterizedType parameterized) {
            return parameterized.getActualTypeArguments().stream().anyMatch(BackstopArchRules::mentionsMap);
        }
        if (type instanceof JavaWildcardType wildcard) {
            return wildcard.getUpperBounds().stream().anyMatch(BackstopArchRules::mentionsMap);
        }
        return false;
    }

    public static final ArchRule NO_STANDARD_STREAMS =
            GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.because(
                    "log through SLF4J so every line carries the request id and reaches the log pipeline");

    public static final ArchRule NO_JAVA_UTIL_LOGGING = GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

    /** For test classes (import them with {@link #TESTS}): a sleep is too short on a loaded machine or too long on an idle one. */
    public static final ArchRule NO_SLEEP_IN_TESTS = noClasses()
            .should()
            .callMethod(Thread.class, "sleep", long.class)
            .orShould()
            .callMethod(Thread.class, "sleep", long.class, int.class)
            .orShould()
            .callMethod(TimeUnit.class, "sleep", long.class)
            .because("wait for the condition itself with Awaitility (await().atMost(..).until(..)), or, when the code "
                    + "under test reads a Clock, move service-support's MutableClock instead of letting time pass");

    /** Only the test classes of the classpath, for {@link #NO_SLEEP_IN_TESTS}. */
    public static final ImportOption TESTS = ImportOption.Predefined.ONLY_INCLUDE_TESTS;
    /**
     * Threads the application context does not own are not named consistently, not awaited on shutdown and not
     * seen by metrics. The bench and the stack launcher are not checked (they are not services).
     */
    public static final ArchRule NO_OWN_THREADS = noClasses()
            .should()
            .callConstructorWhere(DescribedPredicate.describe(
                    "a constructor of a Thread or an ExecutorService",
                    (JavaConstructorCall call) -> call.getTargetOwner().isAssignableTo(Thread.class)
                            || call.getTargetOwner().isAssignableTo(ExecutorService.class)))
            .orShould()
            .callMethodWhere(DescribedPredicate.describe(
                    "a factory method of Executors",
                    (JavaMethodCall call) -> call.getTargetOwner().isEquivalentTo(Executors.class)
                            && call.getName().startsWith("new")))
            .because("declare a ThreadPoolTaskExecutor or ThreadPoolTaskScheduler bean (built with Boot's "
                    + "ThreadPoolTaskExecutorBuilder / ThreadPoolTaskSchedulerBuilder: named threads, "
                    + "awaitTermination on shutdown) in the feature's @Configuration and inject it");

    public static final ArchRule NO_VALUE_INJECTION = noClasses()
            .should()
            .dependOnClassesThat()
            .belongToAnyOf(Value.class)
            .because("bind the setting into a @Validated @ConfigurationProperties record (Boot's own, such as "
                    + "MongoProperties or MailProperties, for spring.* settings) and inject the record, so the "
                    + "setting is typed, validated at start-up and documented in one place");

    /**
     * The production classes of {@code packages}, failing when there are none: a rule checked against nothing
     * passes, so a wrong package name would silently turn every rule off.
     */
    public static JavaClasses importMain(String... packages) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(packages);
        for (String pkg : packages) {
            if (classes.stream().noneMatch(c -> c.getPackageName().startsWith(pkg))) {
                throw new AssertionError("no production classes found in " + pkg + ": the rules would check nothing");
            }
        }
        return classes;
    }

    /** The test classes of {@code packages}, for {@link #NO_SLEEP_IN_TESTS}; failing when there are none, as {@link #importMain}. */
    public static JavaClasses importTests(String... packages) {
        JavaClasses classes = new ClassFileImporter().withImportOption(TESTS).importPackages(packages);
        if (classes.isEmpty()) {
            throw new AssertionError(
                    "no test classes found in " + String.join(", ", packages) + ": the rules would check nothing");
        }
        return classes;
    }

    /** The rules for the shared modules (contracts, document-diff, outbox, service-support). */
    public static List<ArchRule> shared() {
        return List.of(
                NO_FIELD_INJECTION, NO_STANDARD_STREAMS, NO_JAVA_UTIL_LOGGING, NO_OWN_THREADS, NO_VALUE_INJECTION);
    }

    /** A service never reaches into another service's code: they talk over HTTP and Kafka contracts only. */
    public static ArchRule ownCodeOnly(String service) {
        String[] others = SERVICES.stream()
                .filter(s -> !s.equals(service))
                .map(s -> "io.backstop." + s + "..")
                .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage("io.backstop." + service + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others)
                .because("services share only the contracts module; call the other service's API instead");
    }

    public static List<ArchRule> all(String service) {
        return List.of(
                NO_FIELD_INJECTION,
                CONTROLLERS_ARE_PACKAGE_PRIVATE,
                HANDLERS_RETURN_NO_DOCUMENT_OR_OPTIONAL,
                HANDLERS_RETURN_NO_MAP,
                NO_STANDARD_STREAMS,
                NO_JAVA_UTIL_LOGGING,
                NO_OWN_THREADS,
                NO_VALUE_INJECTION,
                ownCodeOnly(service));
    }
}
