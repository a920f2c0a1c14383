package io.backstop.backup.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import io.backstop.backup.BackupProperties;

/** Webhook and e-mail notifications, delivered on their own threads. */
@Configuration(proxyBeanMethods = false)
class NotifyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NotifyConfiguration.class);

    /**
     * Two threads and at most 100 waiting deliveries: a flood is dropped with a warning rather than queued without
     * limit. On shutdown the deliveries under way get 5 s to finish.
     */
    @Bean
    ThreadPoolTaskExecutor notifyDeliveries(ThreadPoolTaskExecutorBuilder builder) {
        return deliveries(builder);
    }

    static ThreadPoolTaskExecutor deliveries(ThreadPoolTaskExecutorBuilder builder) {
        return builder.corePoolSize(2)
                .maxPoolSize(2)
                .queueCapacity(100)
                .threadNamePrefix("notify-")
                .awaitTermination(true)
                .awaitTerminationPeriod(Duration.ofSeconds(5))
                .build();
    }

    @Bean
    Notifier notifier(
            BackupProperties properties,
            ObjectProvider<JavaMailSender> mail,
            ObjectProvider<MailProperties> mailProperties,
            ThreadPoolTaskExecutor notifyDeliveries) {
        BackupProperties.Notifications settings = properties.notifications();
        List<NotificationChannel> channels = new ArrayList<>();
        if (settings.webhook().enabled()) {
            channels.add(new WebhookChannel(
                    settings.webhook().url(), settings.webhook().timeout()));
        }
        if (settings.email().enabled()) {
            JavaMailSender sender = mail.getIfAvailable();
            if (sender == null) {
                throw new IllegalStateException("backstop.backup.notifications.email.to names recipients but no "
                        + "SMTP server is configured: set spring.mail.host (and spring.mail.port, username, password)");
            }
            channels.add(new EmailChannel(
                    sender,
                    settings.email().to(),
                    settings.email().from(),
                    settings.email().subjectPrefix()));
        }
        channels.forEach(c -> log.info("Operation notifications go to {}", c.name()));
        MailProperties smtp = mailProperties.getIfAvailable();
        SecretMasker masker = new SecretMasker(Arrays.asList(
                settings.webhook().url() == null
                        ? null
                        : settings.webhook().url().toString(),
                smtp == null ? null : smtp.getPassword(),
                properties.s3().secretKey(),
                properties.s3().accessKey()));
        return new Notifier(channels, settings.attempts(), settings.backoff(), masker, notifyDeliveries);
    }
}
