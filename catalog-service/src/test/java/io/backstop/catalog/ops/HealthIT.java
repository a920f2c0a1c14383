package io.backstop.catalog.ops;

import org.springframework.boot.test.context.SpringBootTest;

import io.backstop.support.health.HealthContract;

/** catalog-service's /actuator/health against a MongoDB and a broker that the contract stops. */
@SpringBootTest(
        properties = {
            "backstop.catalog.database=catalog_health",
            // the relay's own health would go DOWN with the broker too; this test is about the kafka component
            "backstop.capture.enabled=false"
        })
class HealthIT extends HealthContract {}
