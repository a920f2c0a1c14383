package io.backstop.outbox;

import io.backstop.contracts.ChangeEvent;

/**
 * One record for a capture topic.
 *
 * @param key   the JSON key ({@link io.backstop.contracts.ChangeEventKey})
 * @param value the envelope, or null for the tombstone that follows a delete
 */
public record CaptureRecord(String topic, String key, ChangeEvent value) {}
