package io.backstop.catalog.capture.debezium;

import java.util.Locale;

/**
 * Recognises the one failure that must not be retried: the change stream cannot resume because the oplog no
 * longer holds the stored resume token (server errors 286 ChangeStreamHistoryLost, 260 InvalidResumeToken,
 * 280 ChangeStreamFatalError, and Debezium's own wording of them: MongoDbConnectorTask#validate refuses to start
 * when the stored offset no longer resumes).
 */
final class ResumeTokens {

    private ResumeTokens() {}

    static boolean isLost(String message, Throwable error) {
        if (matches(message)) {
            return true;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (matches(t.getMessage()) || matches(t.getClass().getSimpleName())) {
                return true;
            }
            if (t instanceof com.mongodb.MongoCommandException c
                    && (c.getErrorCode() == 286 || c.getErrorCode() == 260 || c.getErrorCode() == 280)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String text) {
        if (text == null) {
            return false;
        }
        String t = text.toLowerCase(Locale.ROOT);
        return t.contains("changestreamhistorylost")
                || t.contains("invalidresumetoken")
                || t.contains("resume point may no longer be in the oplog")
                || t.contains("resume of change stream was not possible")
                || t.contains("resume token was not found")
                // Debezium's own words when its stored offset fails validation at start (no_data never snapshots)
                || t.contains("is no longer available on the server");
    }
}
