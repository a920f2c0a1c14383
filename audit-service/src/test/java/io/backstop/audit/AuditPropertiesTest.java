package io.backstop.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

class AuditPropertiesTest {

    @EnableConfigurationProperties(AuditProperties.class)
    static class Config {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Config.class);

    @Test
    void defaultsAreValid() {
        runner.run(ctx -> {
            AuditProperties p = ctx.getBean(AuditProperties.class);
            assertThat(p.catalogUrl().toString()).isEqualTo("http://localhost:8081");
        });
    }

    @Test
    void aBadValueStopsStartUp() {
        runner.withPropertyValues("backstop.audit.retry-attempts=0")
                .run(ctx -> assertThat(ctx).hasFailed());
    }
}
