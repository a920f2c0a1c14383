package io.backstop.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class StackConfigTest {

    @Test
    void defaultsToTheDocumentedPortsAndDataDirectory() {
        StackConfig config = StackConfig.from(Map.of("BACKSTOP_HOME", "/opt/backstop")::get);

        assertThat(config.gatewayPort()).isEqualTo(8080);
        assertThat(config.catalogPort()).isEqualTo(8081);
        assertThat(config.auditPort()).isEqualTo(8082);
        assertThat(config.backupPort()).isEqualTo(8083);
        assertThat(config.kafkaPort()).isEqualTo(9092);
        assertThat(config.mongoPort()).isEqualTo(27018);
        assertThat(config.dataDir()).hasToString("/opt/backstop/data");
        assertThat(config.demoSeed()).isTrue();
    }

    @Test
    void takesADataDirectoryRelativeToTheCheckoutOrAbsolute() {
        assertThat(StackConfig.from(Map.of("BACKSTOP_HOME", "/opt/b", "BACKSTOP_DATA_DIR", "/var/lib/backstop")::get)
                        .dataDir())
                .hasToString("/var/lib/backstop");
        assertThat(StackConfig.from(Map.of("BACKSTOP_HOME", "/opt/b", "BACKSTOP_DATA_DIR", "demo")::get)
                        .dataDir())
                .hasToString("/opt/b/demo");
    }

    @Test
    void capturesWithDebeziumByDefaultAndTakesOutboxOrDebeziumOnly() {
        assertThat(StackConfig.from(Map.<String, String>of()::get).captureMode())
                .isEqualTo("debezium");
        assertThat(StackConfig.from(Map.of("BACKSTOP_CAPTURE_MODE", "outbox")::get)
                        .captureMode())
                .isEqualTo("outbox");
        assertThatThrownBy(() -> StackConfig.from(Map.of("BACKSTOP_CAPTURE_MODE", "oplog")::get))
                .hasMessageContaining("outbox or debezium");
        assertThat(StackConfig.from(Map.of(
                                "BACKSTOP_CAPTURE_MODE",
                                "debezium",
                                "BACKSTOP_MONGODB_URI",
                                "mongodb://db:27017/?replicaSet=rs0")::get)
                        .captureMode())
                .isEqualTo("debezium");
    }

    @Test
    void namesTheVariableOfABadPort() {
        assertThatThrownBy(() -> StackConfig.from(Map.of("BACKSTOP_GATEWAY_PORT", "80a")::get))
                .hasMessageContaining("BACKSTOP_GATEWAY_PORT must be a port number");
        assertThatThrownBy(() -> StackConfig.from(Map.of("BACKSTOP_KAFKA_PORT", "70000")::get))
                .hasMessageContaining("BACKSTOP_KAFKA_PORT");
    }
}
