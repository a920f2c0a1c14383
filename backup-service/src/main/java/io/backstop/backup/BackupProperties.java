package io.backstop.backup;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything backup-service reads from configuration, bound once at start-up. A bad value stops start-up.
 *
 * @param root      directory holding one sub-directory per backup; nothing outside it is ever read or written
 * @param dumper    {@code java} (built-in streaming dumper), {@code mongodump} (the real binary, required on PATH)
 *                  or {@code auto} (mongodump when found on PATH, else java)
 * @param mongodump name or path of the mongodump binary
 * @param auditUrl  base URL of audit-service, for point-in-time restore
 * @param schedules cron schedules seeded into {@code backup.schedules} when it is empty; the API edits them after
 */
@Validated
@ConfigurationProperties("backstop.backup")
public record BackupProperties(
        @NotNull @DefaultValue("./data/backups") Path root,
        @NotNull @DefaultValue("java") DumperMode dumper,
        @NotBlank @DefaultValue("mongodump") String mongodump,
        @NotNull @DefaultValue("http://127.0.0.1:8082") URI auditUrl,
        @Valid @NotNull @DefaultValue Lock lock,
        @Valid @NotNull @DefaultValue Retention retention,
        @NotNull @DefaultValue List<@Valid Schedule> schedules,
        @NotNull @DefaultValue("30s") Duration scheduleTick,
        @Min(1) @Max(10000) @DefaultValue("200") int compareLimit) {

    public enum DumperMode { AUTO, JAVA, MONGODUMP }

    /** The lease: renewed every {@code heartbeat}, taken over by anyone once {@code staleAfter} passed without one. */
    public record Lock(
            @NotNull @DefaultValue("5s") Duration heartbeat,
            @NotNull @DefaultValue("30s") Duration staleAfter) {

        @AssertTrue(message = "backstop.backup.lock.stale-after must be at least three heartbeats, so one slow "
                + "heartbeat does not hand the lock to another replica")
        public boolean isStaleAfterSeveralHeartbeats() {
            return heartbeat == null || staleAfter == null
                    || (!heartbeat.isNegative() && !heartbeat.isZero()
                    && staleAfter.compareTo(heartbeat.multipliedBy(3)) >= 0);
        }
    }

    /** Keep the newest {@code keepLast} completed backups and/or those younger than {@code maxAge} (null: no age limit). */
    public record Retention(
            @Min(1) @DefaultValue("30") int keepLast,
            Duration maxAge) {
    }

    public record Schedule(@NotBlank String cron, String description) {

        @AssertTrue(message = "backstop.backup.schedules[].cron must be a Spring cron expression with six fields, "
                + "e.g. \"0 0 2 * * *\"")
        public boolean isCronValid() {
            return cron == null || org.springframework.scheduling.support.CronExpression.isValidExpression(cron);
        }
    }
}
