package io.backstop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.backstop.contracts.Json;
import io.backstop.stack.EmbeddedStack;

/**
 * The embedded stack, as {@code ./run.sh} starts it, is healthy by its own account (issue 14, point 13): it used to
 * answer 503 DOWN on the three services because Boot's MongoDB indicator sent a command the embedded server did not
 * know. Each service's /actuator/health is 200 UP with MongoDB and Kafka UP. HealthContract (each service's HealthIT)
 * shows the other half: DOWN once either is really gone.
 */
@ExtendWith(RunningStack.class)
class StackHealthIT {

    private final EmbeddedStack stack = RunningStack.get();

    @Test
    void everyServiceReportsUpWithMongoAndKafkaUp() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String service : List.of("catalog-service", "audit-service", "backup-service")) {
            int port = stack.config().ports().get(service);
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode())
                    .as(service + ": " + response.body())
                    .isEqualTo(200);
            Map<?, ?> health = Json.MAPPER.readValue(response.body(), Map.class);
            assertThat(health.get("status")).as(service).isEqualTo("UP");
            Map<?, ?> components = (Map<?, ?>) health.get("components");
            for (String component : List.of("mongo", "kafka")) {
                assertThat(((Map<?, ?>) components.get(component)).get("status"))
                        .as(service + " " + component)
                        .isEqualTo("UP");
            }
        }
    }
}
