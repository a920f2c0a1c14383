package io.backstop.backup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.backstop.backup.it.WebhookReceiver;
import io.backstop.backup.lock.OperationOutcome;

/** Delivery against a loopback webhook receiver and GreenMail's in-process SMTP server. */
class NotifierTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final WebhookReceiver webhook = new WebhookReceiver();
    private final ThreadPoolTaskExecutor deliveries =
            NotifyConfiguration.deliveries(new ThreadPoolTaskExecutorBuilder());
    private Notifier notifier;

    @BeforeEach
    void start() {
        deliveries.initialize();
    }

    @AfterEach
    void close() {
        deliveries.shutdown();
        webhook.close();
    }

    private static OperationOutcome outcome(String kind, boolean ok) {
        Instant start = Instant.parse("2026-11-26T10:00:00Z");
        return new OperationOutcome(
                "op-" + kind + (ok ? "-ok" : "-ko"),
                io.backstop.contracts.OperationKind.of(kind),
                "admin",
                start,
                start.plusMillis(1500),
                ok,
                ok ? null : "disk full",
                ok ? Map.of("backupId", "bk-20261126-100000-ab12", "documents", 42) : Map.of());
    }

    private JavaMailSenderImpl mailSender() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(MAIL.getSmtp().getPort());
        return sender;
    }

    @Test
    void completedBackupIsPostedSlackCompatibleAndMailed() throws Exception {
        notifier = new Notifier(
                List.of(
                        new WebhookChannel(URI.create(webhook.url()), Duration.ofSeconds(5)),
                        new EmailChannel(
                                mailSender(),
                                List.of("ops@example.org", "dba@example.org"),
                                "backstop@example.org",
                                "[prod]")),
                3,
                Duration.ofMillis(10),
                new SecretMasker(List.of()),
                deliveries);
        notifier.ended(outcome("backup", true));

        var body = webhook.await("op-backup-ok");
        assertThat(body.get("text").asString())
                .startsWith("Backstop backup completed: bk-20261126-100000-ab12 (operation op-backup-ok, started by "
                        + "admin, 1500 ms)");
        assertThat(body.get("backstop").get("documents").asInt()).isEqualTo(42);
        assertThat(body.get("backstop").get("durationMs").asLong()).isEqualTo(1500);
        assertThat(body.get("attachments").get(0).get("color").asString()).isEqualTo("good");

        assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage mail = MAIL.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients())
                .extracting(Object::toString)
                .containsExactly("ops@example.org", "dba@example.org");
        assertThat(mail.getSubject()).isEqualTo("[prod] Backstop backup completed: bk-20261126-100000-ab12");
        assertThat(GreenMailUtil.getBody(mail)).contains("outcome: success", "documents: 42");
    }

    @Test
    void failedPointInTimeRestoreSaysWhatFailed() throws Exception {
        notifier = new Notifier(
                List.of(new WebhookChannel(URI.create(webhook.url()), Duration.ofSeconds(5))),
                3,
                Duration.ofMillis(10),
                new SecretMasker(List.of()),
                deliveries);
        notifier.ended(outcome("pitr", false));
        var body = webhook.await("op-pitr-ko");
        assertThat(body.get("text").asString()).contains("point-in-time restore FAILED", "Error: disk full");
        assertThat(body.get("backstop").get("outcome").asString()).isEqualTo("failure");
    }

    @Test
    void webhookAnswering503IsRetriedUntilItSucceeds() throws Exception {
        webhook.failNext(2);
        notifier = new Notifier(
                List.of(new WebhookChannel(URI.create(webhook.url()), Duration.ofSeconds(5))),
                3,
                Duration.ofMillis(10),
                new SecretMasker(List.of()),
                deliveries);
        notifier.ended(outcome("restore", true));
        webhook.await("op-restore-ok");
        assertThat(webhook.requests()).isEqualTo(3);
    }

    @Test
    void retriesAreBoundedToTheConfiguredAttempts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch attempted = new CountDownLatch(3);
        NotificationChannel down = new NotificationChannel() {
            @Override
            public String name() {
                return "always down";
            }

            @Override
            public void send(Notification n) {
                calls.incrementAndGet();
                attempted.countDown();
                throw new IllegalStateException("connection refused");
            }
        };
        notifier = new Notifier(List.of(down), 3, Duration.ofMillis(20), new SecretMasker(List.of()), deliveries);
        notifier.ended(outcome("backup", true));
        assertThat(attempted.await(10, TimeUnit.SECONDS)).isTrue();
        deliveries.shutdown();
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void theOperationNeverWaitsForADelivery() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch sending = new CountDownLatch(1);
        NotificationChannel slow = new NotificationChannel() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public void send(Notification n) throws InterruptedException {
                sending.countDown();
                release.await();
            }
        };
        notifier = new Notifier(List.of(slow), 3, Duration.ofMillis(20), new SecretMasker(List.of()), deliveries);
        notifier.ended(outcome("backup", true));
        // ended() has returned while the delivery is still blocked in send()
        assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(release.getCount()).isEqualTo(1);
        release.countDown();
    }

    @Test
    void permanentFailureIsNotRetried() throws Exception {
        webhook.failNext(5, 404);
        notifier = new Notifier(
                List.of(new WebhookChannel(URI.create(webhook.url()), Duration.ofSeconds(5))),
                3,
                Duration.ofMillis(10),
                new SecretMasker(List.of()),
                deliveries);
        notifier.ended(outcome("backup", true));
        deliveries.shutdown();
        assertThat(webhook.requests()).isEqualTo(1);
    }

    @Test
    void cleanupsAndVerificationsAreNotNotified() throws Exception {
        notifier = new Notifier(
                List.of(new WebhookChannel(URI.create(webhook.url()), Duration.ofSeconds(5))),
                3,
                Duration.ofMillis(10),
                new SecretMasker(List.of()),
                deliveries);
        notifier.ended(outcome("cleanup", true));
        notifier.ended(outcome("backup", true));
        webhook.await("op-backup-ok");
        deliveries.shutdown();
        assertThat(webhook.requests()).isEqualTo(1);
    }

    @Test
    void maskerHidesEverySecretInALogMessage() {
        SecretMasker masker = new SecretMasker(List.of("https://hooks.slack.com/services/T0/B0/tok3n", "s3cr3t"));
        assertThat(masker.mask("POST https://hooks.slack.com/services/T0/B0/tok3n failed; auth s3cr3t refused"))
                .isEqualTo("POST **** failed; auth **** refused");
    }
}
