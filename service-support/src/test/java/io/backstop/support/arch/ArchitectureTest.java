package io.backstop.support.arch;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;

/** service-support's own tests (the shared lease contract, the health contract) follow the test rules too. */
class ArchitectureTest {

    @Test
    void testsWaitForConditionsInsteadOfSleeping() {
        BackstopArchRules.NO_SLEEP_IN_TESTS.check(new ClassFileImporter().withImportOption(BackstopArchRules.TESTS)
                .importPackages("io.backstop.support"));
    }
}
