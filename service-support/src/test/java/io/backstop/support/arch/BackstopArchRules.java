package io.backstop.support.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The style rules a tool can check, shared by the four services (each runs them from its ArchitectureTest).
 * Every {@code because} says how to fix a violation.
 */
public final class BackstopArchRules {

    private static final List<String> SERVICES = List.of("catalog", "audit", "backup", "gateway");

    private BackstopArchRules() {
    }

    public static final ArchRule NO_FIELD_INJECTION = noFields().should().beAnnotatedWith(Autowired.class)
            .because("inject through the constructor into a private final field, so the class is testable without Spring");

    public static final ArchRule CONTROLLERS_ARE_PACKAGE_PRIVATE = classes().that().areAnnotatedWith(RestController.class)
            .should().notBePublic()
            .because("the HTTP API is the contract, not the Java class: drop 'public' from the controller");

    public static final ArchRule HANDLERS_RETURN_NO_DOCUMENT_OR_OPTIONAL = methods().that()
            .areMetaAnnotatedWith(RequestMapping.class)
            .should().notHaveRawReturnType("org.bson.Document")
            .andShould().notHaveRawReturnType(Optional.class)
            .because("return a DTO record (map the stored document in a small mapper) and answer a missing resource with a 404 ApiException");

    public static final ArchRule NO_STANDARD_STREAMS = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
            .because("log through SLF4J so every line carries the request id and reaches the log pipeline");

    public static final ArchRule NO_JAVA_UTIL_LOGGING = GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

    /** For test classes (import them with {@link #TESTS}): a sleep is too short on a loaded machine or too long on an idle one. */
    public static final ArchRule NO_SLEEP_IN_TESTS = noClasses()
            .should().callMethod(Thread.class, "sleep", long.class)
            .orShould().callMethod(Thread.class, "sleep", long.class, int.class)
            .orShould().callMethod(TimeUnit.class, "sleep", long.class)
            .because("wait for the condition itself with Awaitility (await().atMost(..).until(..)), or, when the code "
                    + "under test reads a Clock, move service-support's MutableClock instead of letting time pass");

    /** Only the test classes of the classpath, for {@link #NO_SLEEP_IN_TESTS}. */
    public static final ImportOption TESTS = ImportOption.Predefined.ONLY_INCLUDE_TESTS;

    /** A service never reaches into another service's code: they talk over HTTP and Kafka contracts only. */
    public static ArchRule ownCodeOnly(String service) {
        String[] others = SERVICES.stream().filter(s -> !s.equals(service)).map(s -> "io.backstop." + s + "..")
                .toArray(String[]::new);
        return noClasses().that().resideInAPackage("io.backstop." + service + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services share only the contracts module; call the other service's API instead");
    }

    public static List<ArchRule> all(String service) {
        return List.of(NO_FIELD_INJECTION, CONTROLLERS_ARE_PACKAGE_PRIVATE, HANDLERS_RETURN_NO_DOCUMENT_OR_OPTIONAL,
                NO_STANDARD_STREAMS, NO_JAVA_UTIL_LOGGING, ownCodeOnly(service));
    }
}
