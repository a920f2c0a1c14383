package io.backstop.backup.pitr;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * @param at      the instant to restore to, ISO-8601 ({@code 2026-11-26T10:30:00Z})
 * @param dryRun  preview only (the default): per collection what would be created, updated and deleted
 * @param confirm for a real run, must repeat {@code at} exactly
 */
public record PitrRequest(@NotBlank String at, Boolean dryRun, String confirm, @Size(max = 500) String reason) {}
