package io.backstop.catalog;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;

import io.backstop.support.arch.BackstopArchRules;

class ArchitectureTest {

    private static final JavaClasses MAIN = BackstopArchRules.importMain("io.backstop.catalog");

    @Test
    void followsTheSharedStyleRules() {
        BackstopArchRules.all("catalog").forEach(rule -> rule.check(MAIN));
    }

    @Test
    void testsWaitForConditionsInsteadOfSleeping() {
        BackstopArchRules.NO_SLEEP_IN_TESTS.check(BackstopArchRules.importTests("io.backstop.catalog"));
    }
}
