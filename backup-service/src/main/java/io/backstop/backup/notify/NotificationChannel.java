package io.backstop.backup.notify;

/** Somewhere a notification goes. {@link #send} throws to ask for a retry, or {@link PermanentFailure} not to. */
public interface NotificationChannel {

    /** For logs: never a secret (a webhook URL shows its host only). */
    String name();

    void send(Notification notification) throws Exception;

    /** A failure retrying cannot fix, e.g. a webhook answering 404 or a recipient address the server refuses. */
    class PermanentFailure extends Exception {
        public PermanentFailure(String message) {
            super(message);
        }
    }
}
