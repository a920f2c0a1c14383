package io.backstop.support;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.backstop.outbox.CaptureMode;

/**
 * {@code backstop.capture.mode}: catalog-service captures with it, backup-service restores through the same
 * {@code CatalogWriter} with it and audit-service decides from it whether its drift reconciler runs. One record, so
 * the three cannot read it differently (a wrong value stops each of them at start-up with the same message).
 *
 * @param mode {@code outbox} (default; standalone MongoDB and the embedded stack, no change streams) or
 *             {@code debezium} (a replica set: change streams through the Debezium embedded engine; writes then
 *             record nothing in the outbox)
 */
@Validated
@ConfigurationProperties("backstop.capture")
public record CaptureModeProperties(@DefaultValue("outbox") @NotNull CaptureMode mode) {}
