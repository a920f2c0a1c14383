package io.backstop.catalog;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import io.backstop.support.test.TestTokens;

/** A bad value in the validated configuration records stops start-up with a message naming it. */
class CatalogPropertiesValidationTest {

    /** Command-line arguments, so they win over application.yml as they would in production. */
    private static Runnable app(String property) {
        return () -> new SpringApplicationBuilder(CatalogServiceApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--spring.mongodb.uri=" + TestMongo.uri(),
                        "--backstop.security.gateway-secret=" + TestTokens.SECRET,
                        "--spring.kafka.admin.auto-create=false",
                        "--backstop.capture.enabled=false",
                        "--" + property)
                .close();
    }

    @Test
    void unknownCaptureModeStopsStartUp() {
        assertThatThrownBy(() -> app("backstop.capture.mode=kafka").run())
                .hasStackTraceContaining("backstop.capture.mode");
    }

    @Test
    void zeroRelayBatchSizeStopsStartUp() {
        assertThatThrownBy(() -> app("backstop.capture.outbox.batch-size=0").run())
                .hasStackTraceContaining("batchSize");
    }

    @Test
    void silentResnapshotModeIsRefused() {
        assertThatThrownBy(() ->
                        app("backstop.capture.debezium.snapshot-mode=initial").run())
                .hasStackTraceContaining("a silent re-snapshot is not allowed");
    }
}
