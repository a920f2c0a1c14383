package io.backstop.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** A bad storage or notification setting stops start-up with a message naming the property. */
class BackupPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BackupProperties.class)
    static class Props {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Props.class);

    private String failure(String... properties) {
        String[] message = new String[1];
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            Throwable t = context.getStartupFailure();
            StringBuilder all = new StringBuilder();
            for (; t != null; t = t.getCause()) {
                all.append(t.getMessage()).append('\n');
            }
            message[0] = all.toString();
        });
        return message[0];
    }

    @Test
    void defaultsAreLocalStorageWithoutNotifications() {
        runner.run(context -> {
            BackupProperties p = context.getBean(BackupProperties.class);
            assertThat(p.storage()).isEqualTo(BackupProperties.StorageKind.LOCAL);
            assertThat(p.notifications().webhook().enabled()).isFalse();
            assertThat(p.notifications().email().enabled()).isFalse();
            assertThat(p.s3().keyPrefix()).isEqualTo("backups/");
        });
    }

    @Test
    void unknownStorageStopsStartUp() {
        assertThat(failure("backstop.backup.storage=ftp")).contains("backstop.backup.storage");
    }

    @Test
    void s3WithoutBucketStopsStartUp() {
        assertThat(failure("backstop.backup.storage=s3")).contains("backstop.backup.s3.bucket is required");
    }

    @Test
    void accessKeyWithoutSecretKeyStopsStartUp() {
        assertThat(failure(
                        "backstop.backup.storage=s3",
                        "backstop.backup.s3.bucket=b",
                        "backstop.backup.s3.access-key=AKIA"))
                .contains("go together");
    }

    @Test
    void partsSmallerThanS3AllowsStopStartUp() {
        assertThat(failure("backstop.backup.s3.part-size=1MB")).contains("part-size must be between 5MB and 5GB");
    }

    @Test
    void prefixWithALeadingSlashStopsStartUp() {
        assertThat(failure("backstop.backup.s3.prefix=/abs")).contains("backstop.backup.s3.prefix must be");
    }

    @Test
    void emailRecipientsWithoutSenderStopStartUp() {
        assertThat(failure("backstop.backup.notifications.email.to=ops@example.org"))
                .contains("notifications.email.from is required");
    }

    @Test
    void webhookThatIsNotHttpStopsStartUp() {
        assertThat(failure("backstop.backup.notifications.webhook.url=ftp://hooks.example.org/x"))
                .contains("webhook.url must be an http or https URL");
    }

    @Test
    void toStringNeverShowsTheSecretKeyOrTheWebhookPath() {
        runner.withPropertyValues(
                        "backstop.backup.s3.access-key=AKIAEXAMPLE",
                        "backstop.backup.s3.secret-key=s3cr3t-value",
                        "backstop.backup.notifications.webhook.url=https://hooks.slack.com/services/T0/B0/tok3n")
                .run(context -> {
                    String text = context.getBean(BackupProperties.class).toString();
                    assertThat(text)
                            .doesNotContain("s3cr3t-value", "AKIAEXAMPLE", "tok3n")
                            .contains("hooks.slack.com");
                });
    }
}
