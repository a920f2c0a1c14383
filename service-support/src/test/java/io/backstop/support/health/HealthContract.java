package io.backstop.support.health;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import io.backstop.infra.EmbeddedMongo;
import io.backstop.infra.KafkaBroker;
import io.backstop.support.test.TestTokens;

/**
 * What /actuator/health says on each back-end service: UP while MongoDB and Kafka answer, DOWN (503) with the
 * component that is gone once either really is unreachable. The service runs against a broker and a MongoDB of its
 * own, which the test stops. A subclass is a {@code @SpringBootTest} of its service and adds the properties that
 * service needs.
 */
@AutoConfigureMockMvc
public abstract class HealthContract {

    private static EmbeddedMongo mongo;
    private static KafkaBroker broker;

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        mongo = EmbeddedMongo.inMemory();
        try {
            broker = KafkaBroker.start(Files.createTempDirectory("backstop-health-kafka-"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the driver waits 30 s for a server by default; a health check that slow is no use to a probe or a test
        registry.add("spring.mongodb.uri", () -> mongo.connectionString() + "/?serverSelectionTimeoutMS=1000");
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
        registry.add("backstop.security.gateway-secret", () -> TestTokens.SECRET);
        registry.add("server.port", () -> "0");
    }

    @AfterAll
    static void stop() {
        broker.close();
        mongo.close();
    }

    /** One test, in this order: each step stops what the next one needs stopped. */
    @Test
    void upWhileMongoAndKafkaAnswerThenDownWithTheComponentThatIsGone() throws Exception {
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.mongo.status").value("UP"))
                .andExpect(jsonPath("$.components.kafka.status").value("UP"));

        broker.kill();
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("DOWN"))
                .andExpect(jsonPath("$.components.kafka.status").value("DOWN"))
                .andExpect(jsonPath("$.components.mongo.status").value("UP"));

        mongo.close();
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.components.mongo.status").value("DOWN"));
    }
}
