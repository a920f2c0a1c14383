package io.backstop.backup.notify;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;

import io.backstop.backup.lock.OperationListener;
import io.backstop.backup.lock.OperationOutcome;
import io.backstop.contracts.OperationKind;

/**
 * Sends a notification to every channel when a backup, restore or point-in-time restore ends. Delivery runs on
 * its own threads with a bounded queue (a flood is dropped with a warning, never queued without limit; see
 * {@code NotifyConfiguration}), each channel tried up to {@code attempts} times with a doubling pause by Spring's
 * {@link RetryTemplate}; the operation itself never waits for it and never fails because of it. Log lines name the
 * channel without its secret and mask every configured secret.
 */
public final class Notifier implements OperationListener {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    static final Set<OperationKind> KINDS = EnumSet.of(OperationKind.BACKUP, OperationKind.RESTORE, OperationKind.PITR);

    private final List<NotificationChannel> channels;
    private final int attempts;
    private final Duration backoff;
    private final SecretMasker masker;
    private final TaskExecutor deliveries;
    private final RetryTemplate retry;

    public Notifier(
            List<NotificationChannel> channels,
            int attempts,
            Duration backoff,
            SecretMasker masker,
            TaskExecutor deliveries) {
        this.channels = List.copyOf(channels);
        this.attempts = attempts;
        this.backoff = backoff;
        this.masker = masker;
        this.deliveries = deliveries;
        // a permanent failure is final; an interruption means shutting down, not a reason to try again
        this.retry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(attempts - 1L)
                .delay(backoff)
                .multiplier(2)
                .excludes(NotificationChannel.PermanentFailure.class, InterruptedException.class)
                .build());
    }

    public List<NotificationChannel> channels() {
        return channels;
    }

    @Override
    public void ended(OperationOutcome outcome) {
        if (!KINDS.contains(outcome.kind()) || channels.isEmpty()) {
            return;
        }
        Notification notification = notification(outcome);
        for (NotificationChannel channel : channels) {
            try {
                deliveries.execute(() -> deliver(channel, notification, outcome.operationId()));
            } catch (TaskRejectedException e) {
                log.warn(
                        "Notification of {} via {} dropped: too many notifications are already waiting",
                        outcome.operationId(),
                        channel.name());
            }
        }
    }

    private void deliver(NotificationChannel channel, Notification notification, String operationId) {
        AtomicInteger attempt = new AtomicInteger();
        Retryable<Void> send = new Retryable<>() {
            @Override
            public Void execute() throws Exception {
                int n = attempt.incrementAndGet();
                try {
                    channel.send(notification);
                    return null;
                } catch (NotificationChannel.PermanentFailure | InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    if (n < attempts) {
                        log.warn(
                                "Notification of {} via {} failed on attempt {} of {}, retrying in {} ms: {}",
                                operationId,
                                channel.name(),
                                n,
                                attempts,
                                backoff.toMillis() << (n - 1),
                                reason(e));
                    }
                    throw e;
                }
            }

            @Override
            public String getName() {
                return "notification of " + operationId + " via " + channel.name();
            }
        };
        try {
            retry.execute(send);
            log.info("Notified {} of {} (attempt {} of {})", channel.name(), operationId, attempt.get(), attempts);
        } catch (RetryException e) {
            Throwable last = e.getLastException();
            if (last instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                Thread.currentThread().interrupt();
                log.warn(
                        "Notification of {} via {} interrupted on attempt {} of {}",
                        operationId,
                        channel.name(),
                        attempt.get(),
                        attempts);
            } else if (last instanceof NotificationChannel.PermanentFailure) {
                log.error(
                        "Notification of {} via {} failed for good on attempt {} of {}: {}",
                        operationId,
                        channel.name(),
                        attempt.get(),
                        attempts,
                        masker.mask(last.getMessage()));
            } else {
                log.error(
                        "Notification of {} via {} failed on attempt {} of {}, giving up: {}",
                        operationId,
                        channel.name(),
                        attempt.get(),
                        attempts,
                        reason(last));
            }
        }
    }

    private String reason(Throwable e) {
        return masker.mask(
                e == null ? "unknown" : e.getMessage() == null ? e.getClass().getSimpleName() : e.toString());
    }

    static Notification notification(OperationOutcome o) {
        String what = o.kind().label();
        Object subject =
                o.details().getOrDefault("backupId", o.details().getOrDefault("baseBackupId", o.operationId()));
        String outcome = o.succeeded() ? "completed" : "FAILED";
        String title = "Backstop " + what + " " + outcome + ": " + subject;
        long millis = Duration.between(o.startedAt(), o.finishedAt()).toMillis();
        StringBuilder text = new StringBuilder(title)
                .append(" (operation ")
                .append(o.operationId())
                .append(", started by ")
                .append(o.startedBy())
                .append(", ")
                .append(millis)
                .append(" ms)");
        if (!o.succeeded()) {
            text.append("\nError: ").append(o.error());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("operationId", o.operationId());
        fields.put("kind", o.kind().value());
        fields.put("outcome", o.succeeded() ? "success" : "failure");
        fields.put("startedBy", o.startedBy());
        fields.put("startedAt", o.startedAt().toString());
        fields.put("finishedAt", o.finishedAt().toString());
        fields.put("durationMs", millis);
        if (o.error() != null) {
            fields.put("error", o.error());
        }
        o.details().forEach(fields::putIfAbsent);
        return new Notification(title, text.toString(), o.succeeded(), fields);
    }
}
