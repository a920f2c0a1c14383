package io.backstop.backup.restore;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code confirm} must repeat the backup id: a restore is never one careless click away. */
public record RestoreRequest(
        @NotBlank(message = "must repeat the backup id to confirm the restore") String confirm,
        @Size(max = 500) String reason) {}
