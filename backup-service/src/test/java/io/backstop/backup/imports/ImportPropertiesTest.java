package io.backstop.backup.imports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** The import's limits have defaults, and an inconsistent one stops start-up. */
class ImportPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ImportProperties.class)
    static class Props {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Props.class);

    @Test
    void defaultsTakeUploadsOnlyWithinDocumentedLimits() {
        runner.run(context -> {
            ImportProperties p = context.getBean(ImportProperties.class);
            assertThat(p.root()).isNull();
            assertThat(p.maxUploadBytes()).isEqualTo(DataSize.ofMegabytes(100));
            assertThat(p.maxFileBytes()).isEqualTo(DataSize.ofGigabytes(1));
            assertThat(p.maxTotalBytes()).isEqualTo(DataSize.ofGigabytes(2));
            assertThat(p.maxEntries()).isEqualTo(100);
        });
    }

    @Test
    void aFileLimitAboveTheTotalLimitStopsStartUp() {
        runner.withPropertyValues("backstop.backup.imports.max-file-bytes=3GB").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("max-file-bytes at most " + "max-total-bytes");
        });
    }

    @Test
    void tooFewEntriesStopStartUp() {
        runner.withPropertyValues("backstop.backup.imports.max-entries=2")
                .run(context -> assertThat(context).hasFailed());
    }
}
