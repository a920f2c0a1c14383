package io.backstop.support.arch;

import org.junit.jupiter.api.Test;

/** service-support's own tests (the shared lease contract, the health contract) follow the test rules too. */
class ArchitectureTest {

    @Test
    void testsWaitForConditionsInsteadOfSleeping() {
        BackstopArchRules.NO_SLEEP_IN_TESTS.check(BackstopArchRules.importTests("io.backstop.support"));
    }
}
