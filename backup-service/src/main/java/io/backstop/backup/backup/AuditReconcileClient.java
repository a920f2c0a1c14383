package io.backstop.backup.backup;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.backstop.backup.dump.Manifest;
import io.backstop.support.ServiceTokens;

/**
 * audit-service's {@code POST /internal/audit/reconcile} and {@code GET /internal/audit/chain/head}, bounded by a
 * timeout, as this service's own system user.
 */
public final class AuditReconcileClient implements TrailReconcile {

    private static final Logger log = LoggerFactory.getLogger(AuditReconcileClient.class);

    /** The part of audit-service's answer the backup reports. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Report(boolean ran, int documents, int drifts, int inFlight, String note) {}

    private final RestClient http;
    private final ServiceTokens tokens;
    private final Duration timeout;

    public AuditReconcileClient(URI auditUrl, ServiceTokens tokens, Duration timeout) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        requests.setReadTimeout(timeout);
        this.http = RestClient.builder()
                .baseUrl(auditUrl.toString())
                .requestFactory(requests)
                .build();
        this.tokens = tokens;
        this.timeout = timeout;
    }

    @Override
    public String beforeBackup() {
        try {
            Report report = http.post()
                    .uri("/internal/audit/reconcile")
                    .header("Authorization", "Bearer " + tokens.mint("system:backup-service", "admin"))
                    .retrieve()
                    .body(Report.class);
            if (report == null) {
                return failed("no answer");
            }
            return report.ran()
                    ? report.drifts() + " change(s) made outside the API recorded, " + report.documents()
                            + " documents compared"
                    : "skipped: " + report.note();
        } catch (RuntimeException e) {
            return failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    @Override
    public Manifest.TrailHead trailHead() {
        try {
            Manifest.TrailHead head = http.get()
                    .uri("/internal/audit/chain/head")
                    .header("Authorization", "Bearer " + tokens.mint("system:backup-service", "admin"))
                    .retrieve()
                    .body(Manifest.TrailHead.class);
            return head == null || head.seq() == 0 ? null : head;
        } catch (RuntimeException e) {
            log.warn(
                    "The audit trail's chain head could not be read for the backup's manifest ({}): backed up without "
                            + "an anchor",
                    e.toString());
            return null;
        }
    }

    private String failed(String why) {
        log.warn(
                "Reconcile of the audit trail before the backup failed or took over {} ({}); backing up anyway, the next "
                        + "scheduled reconcile records what this one missed",
                timeout,
                why);
        return "failed, backed up anyway: " + why;
    }
}
