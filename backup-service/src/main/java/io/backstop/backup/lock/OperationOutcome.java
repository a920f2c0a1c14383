package io.backstop.backup.lock;

import java.time.Instant;
import java.util.Map;

import io.backstop.contracts.OperationKind;

/**
 * How a critical operation ended, as listeners see it.
 *
 * @param error   null when it succeeded
 * @param details the operation record's details (e.g. backupId, preRestoreBackupId, per-collection counts); empty
 *                when it failed
 */
public record OperationOutcome(
        String operationId,
        OperationKind kind,
        String startedBy,
        Instant startedAt,
        Instant finishedAt,
        boolean succeeded,
        String error,
        Map<String, Object> details) {}
