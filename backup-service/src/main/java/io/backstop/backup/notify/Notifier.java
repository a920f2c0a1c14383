package io.backstop.backup.notify;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.backstop.backup.lock.OperationListener;
import io.backstop.backup.lock.OperationOutcome;
import io.backstop.contracts.OperationKind;

/**
 * Sends a notification to every channel when a backup, restore or point-in-time restore ends. Delivery runs on
 * its own two threads with a bounded queue (a flood is dropped with a warning, never queued without limit), each
 * channel tried up to {@code attempts} times with a doubling pause; the operation itself never waits for it and
 * never fails because of it. Log lines name the channel without its secret and mask every configured secret.
 */
public final class Notifier implements OperationListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    static final Set<OperationKind> KINDS = EnumSet.of(OperationKind.BACKUP, OperationKind.RESTORE, OperationKind.PITR);

    private final List<NotificationChannel> channels;
    private final int attempts;
    private final Duration backoff;
    private final SecretMasker masker;
    private final ThreadPoolExecutor executor;

    public Notifier(List<NotificationChannel> channels, int attempts, Duration backoff, SecretMasker masker) {
        this.channels = List.copyOf(channels);
        this.attempts = attempts;
        this.backoff = backoff;
        this.masker = masker;
        this.executor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(100),
                r -> {
                    Thread t = new Thread(r, "notify");
                    t.setDaemon(true);
                    return t;
                });
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
                executor.execute(() -> deliver(channel, notification, outcome.operationId()));
            }
            catch (RejectedExecutionException e) {
                log.warn("Notification of {} via {} dropped: {} notifications are already waiting",
                        outcome.operationId(), channel.name(), executor.getQueue().size());
            }
        }
    }

    private void deliver(NotificationChannel channel, Notification notification, String operationId) {
        Duration pause = backoff;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                channel.send(notification);
                log.info("Notified {} of {} (attempt {} of {})", channel.name(), operationId, attempt, attempts);
                return;
            }
            catch (NotificationChannel.PermanentFailure e) {
                log.error("Notification of {} via {} failed for good on attempt {} of {}: {}", operationId,
                        channel.name(), attempt, attempts, masker.mask(e.getMessage()));
                return;
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("Notification of {} via {} interrupted on attempt {} of {}", operationId, channel.name(),
                        attempt, attempts);
                return;
            }
            catch (Exception e) {
                String reason = masker.mask(e.getMessage() == null ? e.getClass().getSimpleName() : e.toString());
                if (attempt == attempts) {
                    log.error("Notification of {} via {} failed on attempt {} of {}, giving up: {}", operationId,
                            channel.name(), attempt, attempts, reason);
                    return;
                }
                log.warn("Notification of {} via {} failed on attempt {} of {}, retrying in {} ms: {}", operationId,
                        channel.name(), attempt, attempts, pause.toMillis(), reason);
                try {
                    Thread.sleep(pause.toMillis());
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = pause.multipliedBy(2);
            }
        }
    }

    static Notification notification(OperationOutcome o) {
        String what = o.kind().label();
        Object subject = o.details().getOrDefault("backupId", o.details().getOrDefault("baseBackupId",
                o.operationId()));
        String outcome = o.succeeded() ? "completed" : "FAILED";
        String title = "Backstop " + what + " " + outcome + ": " + subject;
        long millis = Duration.between(o.startedAt(), o.finishedAt()).toMillis();
        StringBuilder text = new StringBuilder(title).append(" (operation ").append(o.operationId())
                .append(", started by ").append(o.startedBy()).append(", ").append(millis).append(" ms)");
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

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        }
        catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
