package io.backstop.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Bad configuration stops start-up with a message that says what to fix, and never repeats a secret. */
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class StartupValidationTest {

    private static final String OWN_SECRET = "an-own-production-secret-of-forty-chars!";
    private static final String DEV_ADMIN_HASH = "{bcrypt}$2a$10$KHckUFX/xXnQ7VvkUY.elOQJi7Zn4qkpz4KuvI2amIgWTAoZNveoi";
    // bcrypt of "s3cret-for-alice"
    private static final String ALICE_HASH = "{bcrypt}$2a$10$3.5lDjY.dhNVOgNGMOWFCOhcPsJ.2NG1eUicvhSKvAbYWlp46mQDi";

    private static void start(String profile, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "server.port=0",
                "spring.kafka.listener.auto-startup=false",
                "spring.main.banner-mode=off",
                "spring.mongodb.uri=" + SessionStore.uri()));
        all.addAll(List.of(properties));
        // as command-line arguments: they override application.yml, as an operator's settings would
        new SpringApplicationBuilder(AdminGatewayApplication.class)
                .profiles(profile)
                .run(all.stream().map(p -> "--" + p).toArray(String[]::new))
                .close();
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void productionRefusesAUserWhosePasswordIsItsName() {
        assertThatThrownBy(() -> start(
                        "production",
                        "backstop.security.gateway-secret=" + OWN_SECRET,
                        "backstop.gateway.users[0].username=admin",
                        "backstop.gateway.users[0].password-hash=" + DEV_ADMIN_HASH,
                        "backstop.gateway.users[0].roles=admin"))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(
                                rootCause(e).getMessage())
                        .contains("user 'admin' has a default credential")
                        .contains("'embedded' profile"));
    }

    @Test
    void productionRefusesTheDevHashUnderAnotherName() {
        assertThatThrownBy(() -> start(
                        "production",
                        "backstop.security.gateway-secret=" + OWN_SECRET,
                        "backstop.gateway.users[0].username=root",
                        "backstop.gateway.users[0].password-hash=" + DEV_ADMIN_HASH,
                        "backstop.gateway.users[0].roles=admin"))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(
                                rootCause(e).getMessage())
                        .contains("user 'root' has a default credential"));
    }

    @Test
    void productionRefusesTheDevSecret() {
        assertThatThrownBy(
                        () -> start("production", "backstop.security.gateway-secret=" + GatewayTestSupport.DEV_SECRET))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(
                                rootCause(e).getMessage())
                        .contains("public dev secret")
                        .contains("BACKSTOP_GATEWAY_SECRET"));
    }

    @Test
    void missingSecretStopsStartUpNamingTheVariable() {
        assertThatThrownBy(() -> start("production", "backstop.security.gateway-secret="))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e)
                        .rootCause()
                        .hasMessageContaining("BACKSTOP_GATEWAY_SECRET"));
    }

    @Test
    void plainPasswordInsteadOfHashStopsStartUp() {
        assertThatThrownBy(() -> start(
                        "production",
                        "backstop.security.gateway-secret=" + OWN_SECRET,
                        "backstop.gateway.users[0].username=alice",
                        "backstop.gateway.users[0].password-hash=s3cret",
                        "backstop.gateway.users[0].roles=viewer"))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e)
                        .rootCause()
                        .hasMessageContaining("must name its encoder"));
    }

    @Test
    void tooSmallBodyLimitStopsStartUp() {
        assertThatThrownBy(() -> start("embedded", "backstop.gateway.max-body-bytes=10"))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e)
                        .rootCause()
                        .hasMessageContaining("max-body-bytes must be at least 1024"));
    }

    @Test
    void productionStartsWithOwnCredentials() {
        start(
                "production",
                "backstop.security.gateway-secret=" + OWN_SECRET,
                "backstop.gateway.users[0].username=alice",
                "backstop.gateway.users[0].password-hash=" + ALICE_HASH,
                "backstop.gateway.users[0].roles=admin");
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    @Test
    void tooShortSecretStopsStartUpWithoutBeingPrinted(org.springframework.boot.test.system.CapturedOutput output) {
        String secret = "Short-Leakcheck-Secret-4471";
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> start("production", "backstop.security.gateway-secret=" + secret));

        org.assertj.core.api.Assertions.assertThat(failure).isNotNull();
        org.assertj.core.api.Assertions.assertThat(stackTrace(failure) + output.getAll())
                .contains("at least 32 characters")
                .doesNotContain(secret);
    }

    @Test
    void plainPasswordGivenAsHashIsRefusedWithoutBeingPrinted(
            org.springframework.boot.test.system.CapturedOutput output) {
        for (String plain : List.of("Plain-Leakcheck-Pw-2290", "{noop}Plain-Leakcheck-Pw-2290")) {
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> start(
                    "production",
                    "backstop.security.gateway-secret=" + OWN_SECRET,
                    "backstop.gateway.users[0].username=alice",
                    "backstop.gateway.users[0].password-hash=" + plain,
                    "backstop.gateway.users[0].roles=viewer"));

            org.assertj.core.api.Assertions.assertThat(failure).as(plain).isNotNull();
            org.assertj.core.api.Assertions.assertThat(stackTrace(failure) + output.getAll())
                    .as(plain)
                    .contains("user 'alice'")
                    .contains("must name its encoder")
                    .doesNotContain("Plain-Leakcheck-Pw-2290");
        }
    }
}
