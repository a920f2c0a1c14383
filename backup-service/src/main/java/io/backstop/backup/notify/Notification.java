package io.backstop.backup.notify;

import java.util.Map;

/**
 * One message about an ended operation.
 *
 * @param title  one line, e.g. "Backstop backup completed: bk-20261126-103000-ab12"
 * @param text   a few lines for people (Slack's {@code text}, the e-mail body)
 * @param fields the same facts for machines: operationId, kind, outcome, startedBy, times, error, details
 */
public record Notification(String title, String text, boolean succeeded, Map<String, Object> fields) {}
