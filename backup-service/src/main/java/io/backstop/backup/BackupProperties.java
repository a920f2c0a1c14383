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
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Everything backup-service reads from configuration, bound once at start-up. A bad value stops start-up.
 *
 * @param root      directory holding one sub-directory per backup; nothing outside it is ever read or written
 * @param dumper    {@code java} (built-in streaming dumper), {@code mongodump} (the real binary, required on PATH)
 *                  or {@code auto} (mongodump when found on PATH, else java)
 * @param mongodump name or path of the mongodump binary
 * @param auditUrl  base URL of audit-service, for point-in-time restore and the reconcile before every backup
 * @param reconcileTimeout how long a backup waits for audit-service's reconcile before it dumps anyway
 * @param schedules cron schedules seeded into {@code backup.schedules} when it is empty; the API edits them after
 * @param storage   where finished backups are kept: {@code local} (under {@code root}) or {@code s3} (see {@link S3});
 *                  either way a backup is first written and verified under {@code root}
 * @param notifications webhook and e-mail notifications when a backup, restore or point-in-time restore ends
 */
@Validated
@ConfigurationProperties("backstop.backup")
public record BackupProperties(
        @NotNull @DefaultValue("./data/backups") Path root,
        @NotNull @DefaultValue("java") DumperMode dumper,
        @NotBlank @DefaultValue("mongodump") String mongodump,
        @NotNull @DefaultValue("http://127.0.0.1:8082") URI auditUrl,
        @NotNull @DefaultValue("60s") Duration reconcileTimeout,
        @Valid @NotNull @DefaultValue Lock lock,
        @Valid @NotNull @DefaultValue Retention retention,
        @NotNull @DefaultValue List<@Valid Schedule> schedules,
        @NotNull @DefaultValue("30s") Duration scheduleTick,
        @NotNull @DefaultValue("local") StorageKind storage,
        @Valid @NotNull @DefaultValue S3 s3,
        @Valid @NotNull @DefaultValue Notifications notifications) {

    public enum DumperMode {
        AUTO,
        JAVA,
        MONGODUMP
    }

    public enum StorageKind {
        LOCAL,
        S3
    }

    @AssertTrue(message = "backstop.backup.s3.bucket is required when backstop.backup.storage=s3")
    public boolean isS3BucketSetWhenUsed() {
        return storage != StorageKind.S3
                || s3 == null
                || (s3.bucket() != null && !s3.bucket().isBlank());
    }

    /**
     * S3 or S3-compatible object storage. Credentials: {@code access-key} and {@code secret-key} together, or
     * neither, and then the AWS default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profile, web identity,
     * container or instance role). They are never logged: {@link #toString()} masks them.
     *
     * @param endpoint  for MinIO and friends, e.g. {@code http://minio:9000}; null for AWS itself
     * @param pathStyle {@code http://host/bucket/key} instead of {@code http://bucket.host/key} (MinIO needs it)
     * @param prefix    key prefix, e.g. {@code backstop/}; a backup is stored under {@code <prefix><id>/}
     * @param partSize  files larger than this are uploaded in parts of this size (S3's minimum is 5 MiB)
     */
    public record S3(
            @Size(max = 63) String bucket,
            @NotNull
                    @DefaultValue("backups/")
                    @Pattern(
                            regexp = "|[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*/?",
                            message = "backstop.backup.s3.prefix must be empty or path segments of letters, digits and "
                                    + "!_.*'()- separated by '/', e.g. backstop/backups/")
                    String prefix,
            @NotBlank @DefaultValue("us-east-1") String region,
            URI endpoint,
            @DefaultValue("false") boolean pathStyle,
            String accessKey,
            String secretKey,
            @NotNull @DefaultValue("16MB") DataSize partSize) {

        @AssertTrue(
                message = "backstop.backup.s3.access-key and backstop.backup.s3.secret-key go together: set both, "
                        + "or neither to use the AWS default credentials chain")
        public boolean isCredentialPairComplete() {
            return blank(accessKey) == blank(secretKey);
        }

        @AssertTrue(message = "backstop.backup.s3.part-size must be between 5MB and 5GB (S3's multipart limits)")
        public boolean isPartSizeValid() {
            return partSize == null
                    || (partSize.toBytes() >= 5L * 1024 * 1024 && partSize.toBytes() <= 5L * 1024 * 1024 * 1024);
        }

        @AssertTrue(message = "backstop.backup.s3.endpoint must be an http or https URL such as http://minio:9000")
        public boolean isEndpointHttp() {
            return endpoint == null
                    || (endpoint.getHost() != null
                            && ("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())));
        }

        /** The prefix as keys use it: empty, or ending in exactly one '/'. */
        public String keyPrefix() {
            return prefix == null || prefix.isEmpty() || prefix.endsWith("/")
                    ? (prefix == null ? "" : prefix)
                    : prefix + "/";
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }

        @Override
        public String toString() {
            return "S3[bucket=" + bucket + ", prefix=" + prefix + ", region=" + region + ", endpoint=" + endpoint
                    + ", pathStyle=" + pathStyle + ", accessKey=" + (blank(accessKey) ? "(default chain)" : "****")
                    + ", secretKey=" + (blank(secretKey) ? "(default chain)" : "****") + ", partSize=" + partSize
                    + "]";
        }
    }

    /**
     * Notifications when a backup, restore or point-in-time restore completes or fails, sent in the background
     * with up to {@code attempts} tries {@code backoff} apart (doubling); they never delay or fail the operation.
     */
    public record Notifications(
            @Valid @NotNull @DefaultValue Webhook webhook,
            @Valid @NotNull @DefaultValue Email email,
            @Min(1) @Max(10) @DefaultValue("3") int attempts,
            @NotNull @DefaultValue("2s") Duration backoff) {}

    /**
     * A JSON POST, Slack-compatible ({@code text} plus {@code attachments} fields, and the structured event under
     * {@code backstop}). The URL often embeds a token (Slack, Teams), so it is treated as a secret: logs show
     * its scheme and host only.
     */
    public record Webhook(URI url, @NotNull @DefaultValue("10s") Duration timeout) {

        @AssertTrue(message = "backstop.backup.notifications.webhook.url must be an http or https URL")
        public boolean isUrlHttp() {
            return url == null
                    || (url.getHost() != null && ("http".equals(url.getScheme()) || "https".equals(url.getScheme())));
        }

        public boolean enabled() {
            return url != null;
        }

        @Override
        public String toString() {
            return "Webhook[url=" + (url == null ? null : url.getScheme() + "://" + url.getHost() + "/****")
                    + ", timeout=" + timeout + "]";
        }
    }

    /** E-mail through Spring's mail support: the SMTP server is {@code spring.mail.*}. */
    public record Email(
            @NotNull @DefaultValue List<@jakarta.validation.constraints.Email @NotBlank String> to,
            @jakarta.validation.constraints.Email String from,
            @NotNull @DefaultValue("[backstop]") String subjectPrefix) {

        @AssertTrue(
                message =
                        "backstop.backup.notifications.email.from is required when backstop.backup.notifications.email.to "
                                + "names recipients")
        public boolean isFromSetWhenUsed() {
            return to == null || to.isEmpty() || (from != null && !from.isBlank());
        }

        public boolean enabled() {
            return to != null && !to.isEmpty();
        }
    }
    /** The lease: renewed every {@code heartbeat}, taken over by anyone once {@code staleAfter} passed without one. */
    public record Lock(
            @NotNull @DefaultValue("5s") Duration heartbeat, @NotNull @DefaultValue("30s") Duration staleAfter) {

        @AssertTrue(
                message = "backstop.backup.lock.stale-after must be at least three heartbeats, so one slow "
                        + "heartbeat does not hand the lock to another replica")
        public boolean isStaleAfterSeveralHeartbeats() {
            return heartbeat == null
                    || staleAfter == null
                    || (!heartbeat.isNegative()
                            && !heartbeat.isZero()
                            && staleAfter.compareTo(heartbeat.multipliedBy(3)) >= 0);
        }
    }

    /**
     * The retention policy until an admin sets one through the API ({@code PUT /api/backups/retention}, kept in the
     * backup database): keep the newest {@code keepLast} completed backups, and of those only the ones younger than
     * {@code maxAgeDays} (null: no age limit).
     */
    public record Retention(@Min(1) @DefaultValue("30") int keepLast, @Min(1) Integer maxAgeDays) {}

    public record Schedule(@NotBlank String cron, String description) {

        @AssertTrue(
                message = "backstop.backup.schedules[].cron must be a Spring cron expression with six fields, "
                        + "e.g. \"0 0 2 * * *\"")
        public boolean isCronValid() {
            return cron == null || org.springframework.scheduling.support.CronExpression.isValidExpression(cron);
        }
    }
}
