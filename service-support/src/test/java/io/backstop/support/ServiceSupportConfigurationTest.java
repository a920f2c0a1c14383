package io.backstop.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class ServiceSupportConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServiceSupportAutoConfiguration.class));

    @Test
    void refusesToStartWithoutTheGatewaySecret() {
        runner.run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("backstop.security.gateway-secret"));
    }

    @Test
    void refusesAShortSecretWithoutRepeatingIt() {
        runner.withPropertyValues("backstop.security.gateway-secret=Short-Leakcheck-Secret-1187")
                .run(context -> {
                    assertThat(context).hasFailed();
                    java.io.StringWriter trace = new java.io.StringWriter();
                    context.getStartupFailure().printStackTrace(new java.io.PrintWriter(trace));
                    assertThat(trace.toString())
                            .contains("at least 32 characters")
                            .doesNotContain("Short-Leakcheck-Secret-1187");
                });
    }

    @Test
    void refusesToStartWithAShortSecret() {
        runner.withPropertyValues("backstop.security.gateway-secret=short").run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("at least 32 characters"));
    }
}
