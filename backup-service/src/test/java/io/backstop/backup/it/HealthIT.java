package io.backstop.backup.it;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.backstop.support.health.HealthContract;

/** backup-service's /actuator/health against a MongoDB and a broker that the contract stops. */
@SpringBootTest(properties = "backstop.backup.schedule-tick=1h")
class HealthIT extends HealthContract {

    @TempDir
    static java.nio.file.Path root;

    @DynamicPropertySource
    static void backupRoot(DynamicPropertyRegistry registry) {
        registry.add("backstop.backup.root", root::toString);
    }
}
