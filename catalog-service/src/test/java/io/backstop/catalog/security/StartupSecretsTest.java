package io.backstop.catalog.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.backstop.catalog.CatalogServiceApplication;
import io.backstop.catalog.TestMongo;
import io.backstop.support.test.TestTokens;

/**
 * Start-up failures say what to fix without repeating the secret that was wrong: neither the log nor the
 * exception that stops the process quotes a gateway secret or a MongoDB password.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupSecretsTest {

    private static final String SHORT_SECRET = "Short-Leakcheck-Secret-7731";
    private static final String MONGO_PASSWORD = "Mongo-Leakcheck-Pw-5519";

    private static Throwable start(String... args) {
        return catchThrowable(() -> new SpringApplicationBuilder(CatalogServiceApplication.class)
                .web(WebApplicationType.NONE)
                .run(args)
                .close());
    }

    private static String text(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void tooShortGatewaySecretStopsStartUpWithoutBeingPrinted(CapturedOutput output) {
        Throwable failure = start(
                "--spring.mongodb.uri=" + TestMongo.uri(),
                "--backstop.security.gateway-secret=" + SHORT_SECRET,
                "--spring.kafka.admin.auto-create=false",
                "--backstop.capture.enabled=false");

        assertThat(failure).isNotNull();
        assertThat(text(failure) + output.getAll()).contains("gateway-secret").doesNotContain(SHORT_SECRET);
    }

    @Test
    void productionProfileWithoutItsEnvironmentStopsStartUpNamingTheVariables(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(CatalogServiceApplication.class)
                .web(WebApplicationType.NONE)
                .profiles("production")
                .run("--spring.kafka.admin.auto-create=false", "--backstop.capture.enabled=false")
                .close());

        assertThat(failure).isNotNull();
        assertThat(text(failure) + output.getAll())
                .containsAnyOf("SPRING_MONGODB_URI", "SPRING_KAFKA_BOOTSTRAP_SERVERS", "BACKSTOP_GATEWAY_SECRET")
                .doesNotContain("127.0.0.1:27018");
    }

    @Test
    void mongoPasswordInTheConnectionStringIsNeverPrinted(CapturedOutput output) {
        String port = TestMongo.uri().replaceAll("^mongodb://[^:]+:(\\d+).*$", "$1");
        Throwable failure = start(
                "--spring.mongodb.uri=mongodb://backstop:" + MONGO_PASSWORD + "@127.0.0.1:" + port
                        + "/catalog?authSource=admin&serverSelectionTimeoutMS=2000&connectTimeoutMS=2000",
                "--backstop.security.gateway-secret=" + TestTokens.SECRET,
                "--spring.kafka.admin.auto-create=false",
                "--backstop.capture.enabled=false");

        // mongo-java-server has no authentication: the first command fails, which is the failure to look at
        assertThat(failure).isNotNull();
        assertThat(text(failure) + output.getAll()).doesNotContain(MONGO_PASSWORD);
    }
}
