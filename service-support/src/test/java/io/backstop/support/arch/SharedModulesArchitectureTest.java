package io.backstop.support.arch;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;

/** The shared modules' production code, on this module's class path, against the rules that apply to them. */
class SharedModulesArchitectureTest {

    private static final JavaClasses MAIN = BackstopArchRules.importMain(
            "io.backstop.support", "io.backstop.contracts", "io.backstop.diff", "io.backstop.outbox");

    @Test
    void followsTheSharedStyleRules() {
        BackstopArchRules.shared().forEach(rule -> rule.check(MAIN));
    }
}
