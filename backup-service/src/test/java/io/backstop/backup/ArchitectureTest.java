package io.backstop.backup;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.backstop.support.arch.BackstopArchRules;

class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.backstop.backup");

    @Test
    void followsTheSharedStyleRules() {
        BackstopArchRules.all("backup").forEach(rule -> rule.check(MAIN));
    }

    @Test
    void testsWaitForConditionsInsteadOfSleeping() {
        BackstopArchRules.NO_SLEEP_IN_TESTS.check(new ClassFileImporter().withImportOption(BackstopArchRules.TESTS)
                .importPackages("io.backstop.backup"));
    }
}
