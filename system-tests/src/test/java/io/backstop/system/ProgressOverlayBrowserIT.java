package io.backstop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.backstop.contracts.Json;
import io.backstop.contracts.ProgressEvent;
import io.backstop.contracts.Topics;
import io.backstop.stack.GatewayClient;

/**
 * The overlay's life cycle, driven by progress events published on the progress topic as backup-service would
 * publish them, so each phase can be held as long as the test needs: a session opened mid-operation sees it,
 * a reload keeps it, progress moves the bar, a failure shows its error, a completion clears it by itself.
 */
@ExtendWith(RunningStack.class)
class ProgressOverlayBrowserIT {

    private KafkaProducer<String, byte[]> producer;
    private final String operation =
            "bk-overlay-" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant startedAt = Instant.now();

    @BeforeEach
    void producer() {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        RunningStack.get().kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterEach
    void releaseTheLockWhateverHappened() {
        publish(ProgressEvent.COMPLETED, 100, "cleanup after test", null);
        producer.close();
    }

    @Test
    void aSessionOpenedMidOperationSeesTheOverlayKeepsItOnReloadAndSeesTheFailure() throws Exception {
        publish(ProgressEvent.STARTED, 5, "dumping brands", null);

        try (Browser editor = Browser.open().login("editor", "editor")) {
            editor.visible(Browser.testId("ops-overlay"));
            assertThat(editor.visible(Browser.testId("ops-title")).getText())
                    .containsIgnoringCase("backup in progress");
            assertThat(editor.visible(Browser.testId("ops-started-by")).getText())
                    .contains("admin");
            assertThat(editor.visible(Browser.testId("ops-message")).getText()).contains("dumping brands");
            assertThat(Api.as("editor", "editor")
                            .post("/api/catalog/brands", Map.of("name", "Slipped Past"))
                            .status())
                    .as("the server refuses the work the overlay hides")
                    .isEqualTo(423);

            editor.driver().navigate().refresh();
            editor.visible(Browser.testId("ops-overlay"));

            publish(ProgressEvent.RUNNING, 60, "dumping engines", null);
            editor.waitFor(ExpectedConditions.attributeToBe(Browser.testId("ops-progress"), "aria-valuenow", "60"));
            assertThat(editor.visible(Browser.testId("ops-message")).getText()).contains("dumping engines");

            publish(ProgressEvent.FAILED, 60, "backup failed", "No space left on device");
            assertThat(editor.visible(Browser.testId("ops-error")).getText()).contains("No space left on device");
            assertThat(Api.as("viewer", "viewer")
                            .get("/api/ops/lock")
                            .json()
                            .get("locked")
                            .asBoolean())
                    .isFalse();

            editor.click(Browser.testId("ops-dismiss"));
            editor.waitFor(ExpectedConditions.invisibilityOfElementLocated(Browser.testId("ops-overlay")));
        }
    }

    @Test
    void theOverlayClearsByItselfWhenTheOperationCompletes() {
        try (Browser viewer = Browser.open().login("viewer", "viewer")) {
            publish(ProgressEvent.STARTED, 0, "verifying the backup", null);
            viewer.visible(Browser.testId("ops-overlay"));

            publish(ProgressEvent.COMPLETED, 100, "backup completed", null);
            viewer.waitFor(ExpectedConditions.invisibilityOfElementLocated(Browser.testId("ops-overlay")));
            GatewayClient.Response lock = Api.as("viewer", "viewer").get("/api/ops/lock");
            assertThat(lock.json().get("locked").asBoolean()).isFalse();
        }
    }

    private void publish(String phase, int percent, String message, String error) {
        ProgressEvent event = new ProgressEvent(
                ProgressEvent.SCHEMA_VERSION,
                operation,
                "backup",
                phase,
                percent,
                message,
                "admin",
                startedAt,
                Instant.now(),
                error,
                true);
        try {
            producer.send(new ProducerRecord<>(Topics.OPS_PROGRESS, operation, Json.write(event)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish a progress event", e);
        }
    }
}
