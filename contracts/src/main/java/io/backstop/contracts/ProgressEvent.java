package io.backstop.contracts;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Progress of a critical operation on {@link Topics#OPS_PROGRESS}, keyed by {@code operationId}.
 *
 * @param blocking true for operations that hold the global lock (backup, restore, pitr, cleanup): the admin UI
 *                 shows its overlay for them and the services refuse conflicting work
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProgressEvent(
        int schemaVersion,
        String operationId,
        String kind,
        String phase,
        int percent,
        String message,
        String startedBy,
        Instant startedAt,
        Instant at,
        String error,
        boolean blocking) {

    public static final int SCHEMA_VERSION = 1;

    public static final String STARTED = "started";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public boolean terminal() {
        return COMPLETED.equals(phase) || FAILED.equals(phase);
    }
}
