package io.backstop.audit.ops;

import org.springframework.boot.test.context.SpringBootTest;

import io.backstop.support.health.HealthContract;

/** audit-service's /actuator/health against a MongoDB and a broker that the contract stops. */
@SpringBootTest(properties = "spring.kafka.consumer.group-id=audit-health-it")
class HealthIT extends HealthContract {}
