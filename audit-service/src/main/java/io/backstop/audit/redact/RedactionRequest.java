package io.backstop.audit.redact;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Remove one value from one entry of the trail.
 *
 * @param entryId the entry's {@code id}
 * @param path    where the value is, as changes name it: {@code contact.email}, {@code stages[1].name}
 * @param reason  why (a GDPR request's reference): recorded with the redaction
 */
public record RedactionRequest(
        @NotBlank @Size(max = 300) String entryId,
        @NotBlank @Size(max = 300) String path,
        @NotBlank @Size(max = 1000) String reason) {}
