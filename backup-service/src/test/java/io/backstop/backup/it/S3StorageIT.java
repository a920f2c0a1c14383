package io.backstop.backup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.mail.internet.MimeMessage;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import io.backstop.backup.BackupProperties;
import io.backstop.backup.storage.S3Clients;
import io.backstop.backup.storage.S3Faults;
import io.backstop.backup.storage.S3TestServer;
import io.backstop.contracts.Actions;
import io.backstop.contracts.Topics;
import io.backstop.outbox.Attribution;
import io.backstop.outbox.CatalogWriter;

/**
 * The service with {@code storage=s3} against S3Proxy on loopback, webhook and e-mail notifications to a loopback
 * receiver and GreenMail, and the Prometheus endpoint. One application context for all of it.
 */
@Import(S3StorageIT.Faults.class)
class S3StorageIT extends BackupServiceIT {

    static final String BUCKET = "backstop-it";
    static final String PREFIX = "prod/backups/";
    static final S3Client ADMIN = S3TestServer.shared().client(BUCKET);
    static final S3Faults FAULTS = new S3Faults();
    static final WebhookReceiver WEBHOOK = new WebhookReceiver();
    static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        MAIL.start();
    }

    @DynamicPropertySource
    static void s3AndNotifications(DynamicPropertyRegistry registry) {
        registry.add("backstop.backup.storage", () -> "s3");
        registry.add("backstop.backup.s3.bucket", () -> BUCKET);
        registry.add("backstop.backup.s3.prefix", () -> PREFIX);
        registry.add(
                "backstop.backup.s3.endpoint",
                () -> S3TestServer.shared().endpoint().toString());
        registry.add("backstop.backup.s3.path-style", () -> "true");
        registry.add("backstop.backup.s3.access-key", () -> S3TestServer.ACCESS_KEY);
        registry.add("backstop.backup.s3.secret-key", () -> S3TestServer.SECRET_KEY);
        registry.add("backstop.backup.notifications.webhook.url", WEBHOOK::url);
        registry.add("backstop.backup.notifications.backoff", () -> "100ms");
        registry.add("backstop.backup.notifications.email.to", () -> "ops@example.org");
        registry.add("backstop.backup.notifications.email.from", () -> "backstop@example.org");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
    }

    @TestConfiguration
    static class Faults {
        /** The client the service would build, plus the fault hook. */
        @Bean
        @Primary
        S3Client faultyS3Client(BackupProperties properties) {
            return S3Clients.builder(properties.s3())
                    .overrideConfiguration(c -> c.addExecutionInterceptor(FAULTS))
                    .build();
        }
    }

    @Autowired
    BackupProperties properties;

    CatalogWriter writer;

    @BeforeEach
    void seed() {
        FAULTS.reset();
        writer = new CatalogWriter(catalog());
        for (String c : Topics.CATALOG_COLLECTIONS) {
            catalog().getCollection(c).drop();
        }
        Map<String, Document> brands = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            brands.put(CatalogWriter.newId(), new Document("name", "brand " + i));
        }
        writer.createAll("brands", brands, Attribution.of(Actions.CREATE, "editor"));
    }

    @AfterEach
    void noFaults() {
        FAULTS.reset();
    }

    static List<String> keys(String id) {
        return ADMIN.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(PREFIX + id + "/")).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    @Test
    void backupIsUploadedVerifiedAndRestoredFromObjectStorage() throws Exception {
        String id = backupAndWait();
        assertThat(keys(id)).contains(PREFIX + id + "/manifest.json", PREFIX + id + "/catalog/brands.bson.gz");
        assertThat(ROOT.resolve(id)).doesNotExist();
        assertThat(json(post("/api/backups/" + id + "/verify", null))
                        .get("status")
                        .asString())
                .isEqualTo("completed");

        List<Document> before = snapshot("brands");
        catalog().getCollection("brands").deleteMany(new Document());
        var accepted = json(post("/api/backups/" + id + "/restore", Map.of("confirm", id)));
        var done = awaitOperation(accepted.get("id").asString());
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(snapshot("brands"))
                .extracting(d -> d.get("name"))
                .containsExactlyElementsOf(
                        before.stream().map(d -> d.get("name")).toList());
        String preRestore = done.get("outcome").get("preRestoreBackupId").asString();
        assertThat(keys(preRestore)).contains(PREFIX + preRestore + "/manifest.json");
        assertThat(ROOT.resolve(".staging")).isEmptyDirectory();
        var diff = json(get("/api/backups/" + id + "/compare?with=live", "viewer"));
        assertThat(diff.get("total").asLong()).as("restored, so identical").isZero();
        assertThat(diff.get("items")).isEmpty();
    }

    @Test
    void failedUploadMarksTheBackupFailedAndLeavesNothingStored() throws Exception {
        FAULTS.failUploadsOf(key -> key.endsWith("/manifest.json"));
        Response started = post("/api/backups", Map.of("description", "upload fails"));
        String id = json(started).get("id").asString();
        awaitBackup(id, "failed");
        var view = json(get("/api/backups/" + id, "viewer"));
        assertThat(view.get("error").asString())
                .contains("Upload of backup " + id + " to s3://" + BUCKET + "/" + PREFIX + id)
                .doesNotContain(S3TestServer.SECRET_KEY);
        assertThat(keys(id)).isEmpty();
        assertThat(ROOT.resolve(id)).doesNotExist();
        assertThat(ROOT.resolve(id + ".partial")).doesNotExist();

        var hook = WEBHOOK.await(id);
        assertThat(hook.get("text").asString()).contains("backup FAILED", id);
        assertThat(hook.get("backstop").get("outcome").asString()).isEqualTo("failure");
        assertThat(hook.get("backstop").get("error").asString()).contains("Upload of backup");
        assertThat(hook.get("attachments").get(0).get("color").asString()).isEqualTo("danger");
    }

    @Test
    void cleanupDeletesExpiredBackupsFromObjectStorage() throws Exception {
        String old = backupAndWait();
        String newest = backupAndWait();
        backupDb()
                .getCollection("full_backups")
                .updateOne(
                        Filters.eq("_id", old),
                        Updates.set("startedAt", Date.from(Instant.now().minus(Duration.ofDays(500)))));
        var result = json(post("/api/backups/cleanup", Map.of("dryRun", false)));
        assertThat(result.toString()).contains(old);
        assertThat(keys(old)).isEmpty();
        assertThat(keys(newest)).isNotEmpty();
        assertThat(send("DELETE", "/api/backups/" + newest, "admin", "admin", null)
                        .status())
                .isEqualTo(409);
    }

    @Test
    void backupAndRestoreEndsAreNotifiedByWebhookAndEmailRetryingAFailingWebhook() throws Exception {
        WEBHOOK.failNext(2);
        int requestsBefore = WEBHOOK.requests();
        String id = backupAndWait();
        var hook = WEBHOOK.await(id);
        assertThat(WEBHOOK.requests() - requestsBefore).isGreaterThanOrEqualTo(3);
        assertThat(hook.get("text").asString()).contains("Backstop backup completed: " + id, "started by admin");
        assertThat(hook.get("backstop").get("kind").asString()).isEqualTo("backup");
        assertThat(hook.get("backstop").get("outcome").asString()).isEqualTo("success");
        assertThat(hook.get("backstop").get("backupId").asString()).isEqualTo(id);
        assertThat(hook.get("backstop").get("storage").asString()).startsWith("s3://" + BUCKET + "/" + PREFIX);
        assertThat(hook.get("attachments").get(0).get("fields").size()).isGreaterThan(5);

        MimeMessage mail = awaitMail(id);
        assertThat(mail.getSubject()).isEqualTo("[backstop] Backstop backup completed: " + id);
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.org");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("backstop@example.org");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail)).contains("operationId: " + id);

        var accepted = json(post("/api/backups/" + id + "/restore", Map.of("confirm", id)));
        String restoreId = accepted.get("id").asString();
        awaitOperation(restoreId);
        var restoreHook = WEBHOOK.await(restoreId);
        assertThat(restoreHook.get("text").asString()).contains("Backstop restore completed: " + id);
        assertThat(restoreHook.get("backstop").get("preRestoreBackupId").asString())
                .startsWith("bk-");
    }

    @Test
    void prometheusEndpointShowsBackupRestoreAndLockMetrics() throws Exception {
        String id = backupAndWait();
        awaitOperation(json(post("/api/backups/" + id + "/restore", Map.of("confirm", id)))
                .get("id")
                .asString());
        // lock gauges read the lease at most once a second: scrape until they saw the restore end
        String scrape = await("the lock gauges to show the lock free")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        this::scrape,
                        s -> metric(s, "backstop_lock_held", "kind=\"backup\"") == 0
                                && metric(s, "backstop_lock_age_seconds") == 0);
        assertThat(metric(scrape, "backstop_backup_duration_seconds_count", "outcome=\"success\"", "type=\"manual\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(metric(scrape, "backstop_backup_outcome_total", "outcome=\"success\"", "type=\"manual\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(metric(scrape, "backstop_backup_outcome_total", "outcome=\"success\"", "type=\"pre-restore\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(metric(scrape, "backstop_backup_size_bytes", "kind=\"compressed\""))
                .isPositive();
        assertThat(metric(scrape, "backstop_backup_size_bytes", "kind=\"uncompressed\""))
                .isPositive();
        assertThat(metric(scrape, "backstop_restore_outcome_total", "kind=\"restore\"", "outcome=\"success\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(metric(scrape, "backstop_lock_held", "kind=\"backup\"")).isZero();
        assertThat(metric(scrape, "backstop_lock_age_seconds")).isZero();
    }

    @Test
    void lockGaugesShowTheHolderWhileABackupRuns() throws Exception {
        gate.close();
        String id = json(post("/api/backups", Map.of("description", "held")))
                .get("id")
                .asString();
        assertThat(gate.awaitEntered()).isTrue();
        // lock gauges read the lease at most once a second: scrape until they saw the backup start
        String scrape = await("the lock gauges to show the backup")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        this::scrape,
                        s -> metric(s, "backstop_lock_held", "kind=\"backup\"") == 1
                                && metric(s, "backstop_lock_age_seconds") > 0);
        gate.open();
        awaitBackup(id, "completed");
        assertThat(metric(scrape, "backstop_lock_held", "kind=\"backup\"")).isEqualTo(1);
        assertThat(metric(scrape, "backstop_lock_held", "kind=\"restore\"")).isZero();
        assertThat(metric(scrape, "backstop_lock_age_seconds")).isGreaterThan(0);
    }

    /** A 200 scrape of the Prometheus endpoint. */
    private String scrape() throws Exception {
        var response = http.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static double metric(String scrape, String name, String... labels) {
        return scrape.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " " + String.join(",", labels) + " not in the scrape"));
    }

    private static MimeMessage awaitMail(String id) {
        return await("an e-mail about " + id)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(POLL)
                .until(() -> mailAbout(id), m -> m != null);
    }

    private static MimeMessage mailAbout(String id) throws Exception {
        for (MimeMessage m : MAIL.getReceivedMessages()) {
            if (m.getSubject().contains(id)) {
                return m;
            }
        }
        return null;
    }
}
